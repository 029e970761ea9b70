import { canonicalEmail, emailPolicy, normaliseEmail } from './email-key';

const none = emailPolicy({});

describe('e-mail keys', () => {
  it('trims, lower-cases and unwraps display names and mailto:', () => {
    expect(normaliseEmail('  I.Petrov@Romashka.RU ', none)).toEqual({
      ok: true,
      value: 'i.petrov@romashka.ru',
    });
    expect(canonicalEmail('Иван Петров <I.Petrov@romashka.ru>')).toBe('i.petrov@romashka.ru');
    expect(canonicalEmail('mailto:Anna@Firma.de')).toBe('anna@firma.de');
    expect(canonicalEmail('Иван@Почта.РФ')).toBe('иван@почта.рф');
  });

  it.each(['ivan', 'ivan@', '@x.ru', 'ivan@localhost', 'a b@x.ru', 'ivan..p@x.ru', '.ivan@x.ru', 'a@b@c.ru'])(
    'refuses %p as malformed',
    (raw) => expect(normaliseEmail(raw, none)).toEqual({ ok: false, reason: 'malformed' }),
  );

  it.each([
    'info@romashka.ru',
    'Office@firma.de',
    'sales@x.ru',
    'admin@x.ru',
    'noreply@x.ru',
    'no-reply@x.ru',
    'support+crm@x.ru',
  ])('refuses the role address %p', (raw) =>
    expect(normaliseEmail(raw, none)).toEqual({ ok: false, reason: 'role_address' }),
  );

  it('refuses placeholders people type to get past a form', () => {
    expect(normaliseEmail('no@mail.ru', none)).toEqual({ ok: false, reason: 'placeholder' });
    expect(normaliseEmail('ivan@example.com', none)).toEqual({ ok: false, reason: 'placeholder' });
  });

  it('refuses configured patterns and domains, and nothing else', () => {
    const policy = emailPolicy({
      ignoreEmails: ['zakupki@*', '*@bc-plaza.ru'],
      ignoreDomains: ['ourcompany.ru'],
    });
    expect(normaliseEmail('Zakupki@firma.ru', policy)).toEqual({ ok: false, reason: 'ignored_address' });
    expect(normaliseEmail('petrov@bc-plaza.ru', policy)).toEqual({ ok: false, reason: 'ignored_address' });
    expect(normaliseEmail('manager1@ourcompany.ru', policy)).toEqual({ ok: false, reason: 'ignored_domain' });
    expect(normaliseEmail('zakupki.ivan@firma.ru', policy).ok).toBe(true);
    // The pattern's dot is a dot, not "any character".
    expect(
      normaliseEmail('petrov@bc-plazaXru.com', emailPolicy({ ignoreEmails: ['*@bc-plaza.ru*'] })).ok,
    ).toBe(true);
  });
});
