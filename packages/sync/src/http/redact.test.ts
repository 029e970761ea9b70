import { parseRetryAfter } from './default-errors';
import { bodyExcerpt, displayUrl, safeUrl } from './redact';

describe('safeUrl', () => {
  it('drops userinfo and the fragment, masks secret query values, keeps the rest as encoded', () => {
    expect(
      safeUrl('https://admin:hunter22@erp.example.com/a/b?$top=5&api_key=k1&Token=t&q=a%20b&password=p#frag'),
    ).toBe('https://erp.example.com/a/b?$top=5&api_key=***&Token=***&q=a%20b&password=***');
  });

  it('keeps $skiptoken, which is paging, not a secret', () => {
    expect(safeUrl('https://h/x?$skiptoken=abc')).toBe('https://h/x?$skiptoken=abc');
  });

  it('keeps a relative URL relative', () => {
    expect(safeUrl('/jsonrpc?session_id=s')).toBe('/jsonrpc?session_id=***');
  });

  it('reads Cyrillic in displayUrl', () => {
    expect(displayUrl('http://h/odata/Catalog_%D0%9A%D0%BE?access_token=x')).toBe(
      'http://h/odata/Catalog_Ко?access_token=***',
    );
  });
});

describe('bodyExcerpt', () => {
  it('masks secret-named JSON keys and given secrets', () => {
    expect(
      bodyExcerpt({ user: 'u', password: 'p', nested: { apiKey: 'k' }, note: 'said s3cr3t' }, ['s3cr3t']),
    ).toBe('{"user":"u","password":"***","nested":{"apiKey":"***"},"note":"said ***"}');
  });

  it('is empty for an empty body', () => {
    expect(bodyExcerpt(null)).toBe('');
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP-dates, and ignores the unreadable', () => {
    const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:27:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});
