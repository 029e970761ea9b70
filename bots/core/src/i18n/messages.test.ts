import { catalogue, languageOfHint, t } from './messages';

describe('the message catalogue', () => {
  it('has the same keys in English and Russian, none empty', () => {
    const en = catalogue('en');
    const ru = catalogue('ru');
    expect(Object.keys(ru).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of [...Object.entries(en), ...Object.entries(ru)])
      expect([key, text.trim().length > 0]).toEqual([key, true]);
  });

  it('uses the same placeholders in both languages', () => {
    const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const en = catalogue('en');
    const ru = catalogue('ru');
    for (const key of Object.keys(en) as Array<keyof typeof en>)
      expect([key, names(ru[key])]).toEqual([key, names(en[key])]);
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(t('en', 'ticket.created', { ref: 'T-1', subject: 'Pump' })).toBe('Ticket T-1 opened: Pump');
    expect(t('ru', 'ticket.created', { ref: 'T-1' })).toBe('Заявка T-1 открыта: {subject}');
  });

  it('reads platform language hints', () => {
    expect(languageOfHint('ru-RU')).toBe('ru');
    expect(languageOfHint('en-US')).toBe('en');
    expect(languageOfHint('de')).toBeNull();
    expect(languageOfHint(undefined)).toBeNull();
  });
});
