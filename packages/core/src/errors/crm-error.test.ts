import { asCrmError, ConfigError, CrmError, RateLimitedError, TransientError } from './crm-error';

describe('error classes', () => {
  it('carry a stable code, a recovery and the cause', () => {
    const cause = new Error('socket hang up');
    const error = new TransientError('Odoo did not answer', { cause, code: 'sync.timeout' });
    expect(error).toBeInstanceOf(CrmError);
    expect(error.name).toBe('TransientError');
    expect(error.code).toBe('sync.timeout');
    expect(error.recovery).toBe('retry');
    expect(error.cause).toBe(cause);
  });

  it('keeps the delay a rate limit asked for', () => {
    const error = new RateLimitedError('slow down', { retryAfterMs: 3000 });
    expect(error.code).toBe('sync.rate_limited');
    expect(error.retryAfterMs).toBe(3000);
    expect(error.recovery).toBe('retry_later');
  });

  it('normalises a foreign throw once and leaves coded errors alone', () => {
    const config = new ConfigError('bad');
    expect(asCrmError(config)).toBe(config);
    const wrapped = asCrmError(new TypeError('x is undefined'));
    expect(wrapped.code).toBe('internal');
    expect(wrapped.message).toBe('x is undefined');
    expect(wrapped.cause).toBeInstanceOf(TypeError);
    expect(asCrmError('plain string').message).toBe('plain string');
  });
});
