import { inspect } from 'node:util';
import { redactedConfig, Secret } from './secret';

describe('Secret', () => {
  const secret = new Secret('hunter2');

  it('gives its value only through reveal()', () => {
    expect(secret.reveal()).toBe('hunter2');
  });

  it('prints as [redacted] in strings, JSON and util.inspect', () => {
    expect(String(secret)).toBe('[redacted]');
    expect(`${secret}`).toBe('[redacted]');
    expect(JSON.stringify({ password: secret })).toBe('{"password":"[redacted]"}');
    expect(inspect({ deep: { password: secret } }, { depth: null })).not.toContain('hunter2');
    expect(Object.keys(secret)).toEqual([]);
  });
});

describe('redactedConfig', () => {
  it('copies a config into plain data with every secret replaced, at any depth', () => {
    const config = {
      a: 1,
      list: [{ token: new Secret('t0k3n') }],
      nested: { url: new Secret('u'), name: 'x' },
    };
    const redacted = redactedConfig(config);
    expect(redacted).toEqual({
      a: 1,
      list: [{ token: '[redacted]' }],
      nested: { url: '[redacted]', name: 'x' },
    });
    expect(config.list[0]!.token.reveal()).toBe('t0k3n'); // the original keeps its secrets
  });
});
