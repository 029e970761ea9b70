import { makeAtVat, makeDeVat, makeNlVat } from '@crm-bridge/sync/testing';
import { normaliseVat, vatPrefixOf } from './vat-key';

const DE = makeDeVat(13_579_246);
const AT = makeAtVat(1_234_567);
const NL = makeNlVat(7_654_321);

describe('VAT keys', () => {
  it('strips spaces, dots and dashes, upper-cases and keeps the prefix', () => {
    expect(normaliseVat(DE, null)).toEqual({ ok: true, value: DE });
    expect(
      normaliseVat(`${DE.slice(0, 2)} ${DE.slice(2, 5)}.${DE.slice(5, 8)}-${DE.slice(8)}`, null),
    ).toEqual({
      ok: true,
      value: DE,
    });
    expect(normaliseVat(AT.toLowerCase(), null)).toEqual({ ok: true, value: AT });
    expect(normaliseVat(NL, 'NL')).toEqual({ ok: true, value: NL });
  });

  it("adds the record's country when the prefix was left out: DE123… and 123… in DE are one key", () => {
    expect(normaliseVat(DE.slice(2), 'DE')).toEqual({ ok: true, value: DE });
    expect(normaliseVat(AT.slice(2), 'AT')).toEqual({ ok: true, value: AT });
    expect(normaliseVat('094259216', 'GR')).toEqual({ ok: true, value: 'EL094259216' });
    expect(vatPrefixOf('GR')).toBe('EL');
  });

  it('refuses wrong shapes per country, check-digit failures, placeholders and unknown countries', () => {
    expect(normaliseVat('DE12345678', null)).toEqual({ ok: false, reason: 'malformed' });
    expect(normaliseVat('ATU1234567', null)).toEqual({ ok: false, reason: 'malformed' });
    expect(normaliseVat('NL123456789B1', null)).toEqual({ ok: false, reason: 'malformed' });
    const badCheck = `${DE.slice(0, 10)}${(Number(DE[10]) + 1) % 10}`;
    expect(normaliseVat(badCheck, null)).toEqual({ ok: false, reason: 'checksum' });
    expect(normaliseVat('DE000000000', null)).toEqual({ ok: false, reason: 'placeholder' });
    expect(normaliseVat('123456789', null)).toEqual({ ok: false, reason: 'unknown_country' });
    expect(normaliseVat('123456789', 'US')).toEqual({ ok: false, reason: 'unknown_country' });
  });
});
