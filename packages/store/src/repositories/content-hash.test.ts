import { contentHash, stableStringify } from './content-hash';

describe('contentHash', () => {
  it('ignores key order and undefined members, at every depth', () => {
    const a = { b: 1, a: { y: [1, { q: 1, p: 2 }], x: null }, u: undefined };
    const b = { a: { x: null, y: [1, { p: 2, q: 1 }] }, b: 1 };
    expect(stableStringify(a)).toBe('{"a":{"x":null,"y":[1,{"p":2,"q":1}]},"b":1}');
    expect(contentHash(a)).toBe(contentHash(b));
    expect(contentHash(a)).toMatch(/^[0-9a-f]{40}$/);
  });

  it('changes with any value, array order or type', () => {
    const base = contentHash({ phones: ['1', '2'], n: 1 });
    expect(contentHash({ phones: ['2', '1'], n: 1 })).not.toBe(base);
    expect(contentHash({ phones: ['1', '2'], n: '1' })).not.toBe(base);
    expect(contentHash({ phones: ['1', '2'], n: 1, extra: null })).not.toBe(base);
  });

  it('hashes a Date by its ISO text', () => {
    expect(contentHash({ at: new Date('2026-01-01T00:00:00Z') })).toBe(
      contentHash({ at: '2026-01-01T00:00:00.000Z' }),
    );
  });
});
