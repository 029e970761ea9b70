import { innHolder, isValidInnChecksum, normaliseInn, normaliseKpp } from './inn-key';

// Real registry entries (Sberbank; an individual's INN from the FNS examples).
const ORG_INN = '7707083893';
const PERSON_INN = '500100732259';

describe('INN keys', () => {
  it('accepts checksum-valid INNs of organisations (10) and persons / ИП (12), written any way', () => {
    expect(normaliseInn(ORG_INN)).toEqual({ ok: true, value: ORG_INN });
    expect(normaliseInn('7707 083 893')).toEqual({ ok: true, value: ORG_INN });
    expect(normaliseInn('ИНН 7707-083-893')).toEqual({ ok: true, value: ORG_INN });
    expect(normaliseInn(PERSON_INN)).toEqual({ ok: true, value: PERSON_INN });
    expect(innHolder(ORG_INN)).toBe('organization');
    expect(innHolder(PERSON_INN)).toBe('person');
  });

  it.each(['0000000000', '000000000000', '1234567890', '0012345678'])(
    'never links the placeholder %p',
    (raw) => expect(normaliseInn(raw)).toEqual({ ok: false, reason: 'placeholder' }),
  );

  it('never links a checksum failure', () => {
    expect(normaliseInn('7707083894')).toEqual({ ok: false, reason: 'checksum' });
    expect(normaliseInn('500100732258')).toEqual({ ok: false, reason: 'checksum' });
    expect(isValidInnChecksum('7707083893')).toBe(true);
  });

  it.each(['770708389', '77070838931', 'abcdefghij'])('refuses %p as malformed', (raw) =>
    expect(normaliseInn(raw)).toEqual({ ok: false, reason: 'malformed' }),
  );

  it('keeps a KPP for display (reason code may be letters)', () => {
    expect(normaliseKpp('7736 01 001')).toEqual({ ok: true, value: '773601001' });
    expect(normaliseKpp('7736AB001')).toEqual({ ok: true, value: '7736AB001' });
    expect(normaliseKpp('77360100')).toEqual({ ok: false, reason: 'malformed' });
    expect(normaliseKpp('000000000')).toEqual({ ok: false, reason: 'placeholder' });
  });
});
