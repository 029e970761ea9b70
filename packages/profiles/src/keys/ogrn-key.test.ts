import { normaliseOgrn } from './ogrn-key';

describe('OGRN keys', () => {
  it('accepts check-digit-valid OGRN (13) and OGRNIP (15)', () => {
    expect(normaliseOgrn('1027700132195')).toEqual({ ok: true, value: '1027700132195' });
    expect(normaliseOgrn('ОГРН 1027 7001 32195')).toEqual({ ok: true, value: '1027700132195' });
    expect(normaliseOgrn('304500116000157')).toEqual({ ok: true, value: '304500116000157' });
  });

  it('refuses wrong check digits, impossible first digits, placeholders and wrong lengths', () => {
    expect(normaliseOgrn('1027700132196')).toEqual({ ok: false, reason: 'checksum' });
    expect(normaliseOgrn('304500116000158')).toEqual({ ok: false, reason: 'checksum' });
    expect(normaliseOgrn('2027700132195')).toEqual({ ok: false, reason: 'placeholder' });
    expect(normaliseOgrn('0000000000000')).toEqual({ ok: false, reason: 'placeholder' });
    expect(normaliseOgrn('10277001321')).toEqual({ ok: false, reason: 'malformed' });
  });
});
