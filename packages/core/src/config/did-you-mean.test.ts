import { closestKey, knownKeysAt } from './did-you-mean';
import { Config } from './schema';

describe('closestKey', () => {
  const known = ['url', 'database', 'apiKey', 'maxKeyShare', 'timeoutMs'];

  it('finds a typo, a case slip or snake_case of a known key', () => {
    expect(closestKey('urll', known)).toBe('url');
    expect(closestKey('databse', known)).toBe('database');
    expect(closestKey('api_key', known)).toBe('apiKey');
    expect(closestKey('max_key_share', known)).toBe('maxKeyShare');
    expect(closestKey('timeotuMs', known)).toBe('timeoutMs');
  });

  it('suggests nothing for a key that resembles none', () => {
    expect(closestKey('colour', known)).toBeUndefined();
    expect(closestKey('x', known)).toBeUndefined();
  });
});

describe('knownKeysAt', () => {
  it('knows the keys of the source kind the data names', () => {
    const data = { sources: [{ kind: 'onec' }] };
    const keys = knownKeysAt(Config, ['sources', 0], data);
    expect(keys).toContain('entitySets');
    expect(keys).not.toContain('database'); // an Odoo key
    expect(knownKeysAt(Config, ['sources', 0, 'credentials'], data).sort()).toEqual(['password', 'username']);
  });

  it('knows the keys inside defaulted blocks and records', () => {
    expect(knownKeysAt(Config, ['tickets', 'sla', 'high'], {}).sort()).toEqual([
      'firstResponse',
      'resolution',
    ]);
    expect(knownKeysAt(Config, ['store', 'pool'], {})).toEqual(['max']);
  });
});
