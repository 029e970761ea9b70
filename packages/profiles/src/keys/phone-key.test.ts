import { normalisePhone, phonePolicy, phoneRegion, toE164 } from './phone-key';

const ru = phonePolicy({ defaultRegion: 'RU' });

describe('phone keys', () => {
  it.each(['8 912 345-67-89', '+7 (912) 3456789', '9123456789', '89123456789', '+7 912 345 67 89'])(
    'reads %p as +79123456789 in region RU',
    (raw) => expect(normalisePhone(raw, ru)).toEqual({ ok: true, value: '+79123456789' }),
  );

  it('reads national numbers in the record’s own region when it is known', () => {
    expect(normalisePhone('030 1234567', phonePolicy({ defaultRegion: 'DE' }))).toEqual({
      ok: true,
      value: '+49301234567',
    });
    expect(normalisePhone('030 1234567', ru, phoneRegion('DE'))).toEqual({ ok: true, value: '+49301234567' });
    expect(normalisePhone('+49 30 1234567', ru)).toEqual({ ok: true, value: '+49301234567' });
  });

  it.each(['123', '12345', '+7 000 000-00-00', 'call me', ''])('refuses %p as invalid', (raw) =>
    expect(normalisePhone(raw, ru)).toEqual({ ok: false, reason: 'invalid_phone' }),
  );

  it('refuses placeholder numbers that pass the number plan', () => {
    expect(normalisePhone('+7 999 999-99-99', ru)).toEqual({ ok: false, reason: 'placeholder' });
  });

  it('refuses blocklisted shared numbers however they are written', () => {
    const policy = phonePolicy({ defaultRegion: 'RU', blockedPhones: ['8 (495) 123-45-67'] });
    expect(normalisePhone('+74951234567', policy)).toEqual({ ok: false, reason: 'blocked_phone' });
    expect(normalisePhone('+74951234568', policy).ok).toBe(true);
  });

  it('rejects a config it cannot use', () => {
    expect(() => phonePolicy({ defaultRegion: 'XX' })).toThrow(RangeError);
    expect(() => phonePolicy({ defaultRegion: 'RU', blockedPhones: ['123'] })).toThrow(RangeError);
    expect(toE164('8 800 555-35-35', 'RU')).toBe('+78005553535');
  });
});
