import { parseSearchQuery, searchRegion } from './search-query';

const parse = (query: string) => parseSearchQuery(query, 'RU');

describe('reading a search query', () => {
  it('reads anything with @ as an e-mail only', () => {
    expect(parse('  Anna@Example.COM ')).toEqual({
      text: 'Anna@Example.COM',
      probes: [{ match: 'email', value: 'anna@example.com' }],
      byName: false,
    });
  });

  it('reads digits as a phone, a checksum-valid INN or OGRN, an order number and an ERP id, not a name', () => {
    expect(parse('8 (912) 345-67-89').probes).toEqual([{ match: 'phone', value: '+79123456789' }]);
    expect(parse('8(912)345-67-89').probes).toEqual([
      { match: 'phone', value: '+79123456789' },
      { match: 'external_id', value: '8(912)345-67-89' },
      { match: 'order_number', value: '8(912)345-67-89' },
    ]);
    expect(parse('7707083893')).toMatchObject({
      probes: expect.arrayContaining([{ match: 'tax_id', value: 'inn:7707083893' }]),
      byName: false,
    });
    expect(parse('7707083894').probes).not.toContainEqual(expect.objectContaining({ match: 'tax_id' }));
    expect(parse('1027700132195').probes).toContainEqual({ match: 'tax_id', value: 'ogrn:1027700132195' });
  });

  it('reads other text as a name, an order number and an ERP id when one token, and a VAT number', () => {
    expect(parse('SO0042')).toEqual({
      text: 'SO0042',
      probes: [
        { match: 'external_id', value: 'SO0042' },
        { match: 'order_number', value: 'SO0042' },
      ],
      byName: true,
    });
    expect(parse('de136695976').probes[0]).toEqual({ match: 'tax_id', value: 'vat:DE136695976' });
    expect(parse('Ромашка Плюс')).toEqual({ text: 'Ромашка Плюс', probes: [], byName: true });
  });

  it('refuses a blank query and an unknown region', () => {
    expect(() => parse(' \t')).toThrow(expect.objectContaining({ code: 'profiles.search_query_empty' }));
    expect(() => searchRegion('Mars')).toThrow(expect.objectContaining({ code: 'profiles.search_region' }));
  });
});
