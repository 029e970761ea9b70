import { ConfigError, ConflictError, RateLimitedError, TransientError } from '@crm-bridge/core';
import { type HttpFailure, mapFailure } from '@crm-bridge/sync';
import { describeFailure, erpNextErrors, retryAfterMs, serverMessages } from './errors';

const failure = (status: number, body: unknown, headers: Record<string, string> = {}): HttpFailure => ({
  method: 'GET',
  url: 'http://erp.example/api/resource/Customer?filters=x',
  status,
  headers,
  body,
});

/** The body of erp-apis.md 2.5: `_server_messages` is a JSON string of a list of JSON strings. */
const notFoundBody = {
  exc_type: 'DoesNotExistError',
  exception: 'frappe.exceptions.DoesNotExistError: Customer CUST-X not found',
  _server_messages:
    '["{\\"message\\": \\"Customer CUST-X not found\\", \\"title\\": \\"Message\\", \\"indicator\\": \\"red\\", \\"raise_exception\\": 1}"]',
};

describe('ERPNext error table', () => {
  it('decodes _server_messages twice and drops HTML tags', () => {
    expect(serverMessages(notFoundBody)).toEqual(['Customer CUST-X not found']);
    const html = {
      _server_messages: JSON.stringify([JSON.stringify({ message: 'Field <b>foo</b> not permitted' })]),
    };
    expect(serverMessages(html)).toEqual(['Field foo not permitted']);
  });

  it('describes a failure without the query string', () => {
    expect(describeFailure(failure(404, notFoundBody))).toBe(
      'ERPNext answered 404 DoesNotExistError to GET http://erp.example/api/resource/Customer: Customer CUST-X not found',
    );
    expect(describeFailure(failure(502, '<html><body>Bad Gateway</body></html>'))).toContain(
      '(an HTML error page)',
    );
  });

  it('maps 401 to a ConfigError about the key and secret', () => {
    const error = mapFailure(failure(401, { exc_type: 'AuthenticationError' }), erpNextErrors);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.code).toBe('erpnext.auth_failed');
    expect(error.message).toContain('credentials.apiKey');
  });

  it('maps 403, 404, 400 and a redirect to ConfigError and 409 to ConflictError', () => {
    expect(mapFailure(failure(403, { exc_type: 'PermissionError' }), erpNextErrors).code).toBe(
      'erpnext.permission_denied',
    );
    expect(mapFailure(failure(404, notFoundBody), erpNextErrors)).toBeInstanceOf(ConfigError);
    expect(mapFailure(failure(400, { exc_type: 'InvalidAuthorizationToken' }), erpNextErrors)).toBeInstanceOf(
      ConfigError,
    );
    expect(mapFailure(failure(302, ''), erpNextErrors).code).toBe('erpnext.redirected');
    expect(mapFailure(failure(409, { exc_type: 'DuplicateEntryError' }), erpNextErrors)).toBeInstanceOf(
      ConflictError,
    );
  });

  it('maps the site limiter 429 (text body) to RateLimitedError honouring Retry-After, else X-RateLimit-Reset', () => {
    const limited = mapFailure(
      failure(429, 'Too Many Requests', { 'retry-after': '3', 'x-ratelimit-reset': '1800' }),
      erpNextErrors,
    ) as RateLimitedError;
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect(limited.retryAfterMs).toBe(3000);
    const noHeader = mapFailure(
      failure(429, 'Too Many Requests', { 'x-ratelimit-reset': '2' }),
      erpNextErrors,
    );
    expect((noHeader as RateLimitedError).retryAfterMs).toBe(2000);
    expect(retryAfterMs({})).toBeUndefined();
  });

  it('maps 417 RateLimitExceededError (per-endpoint limiter) to RateLimitedError, other 417s to ConfigError', () => {
    expect(mapFailure(failure(417, { exc_type: 'RateLimitExceededError' }), erpNextErrors)).toBeInstanceOf(
      RateLimitedError,
    );
    const refused = mapFailure(
      failure(417, {
        exc_type: 'DataError',
        _server_messages: JSON.stringify([JSON.stringify({ message: 'Field not permitted in query: foo' })]),
      }),
      erpNextErrors,
    );
    expect(refused).toBeInstanceOf(ConfigError);
    expect(refused.message).toContain('Field not permitted in query: foo');
  });

  it('maps 5xx (HTML from a proxy, 503 maintenance) and a broken 2xx envelope to TransientError', () => {
    for (const status of [500, 502, 503, 504, 508]) {
      expect(mapFailure(failure(status, '<html>nginx</html>'), erpNextErrors)).toBeInstanceOf(TransientError);
    }
    expect(mapFailure(failure(200, '{"data":[{"na'), erpNextErrors).code).toBe('erpnext.bad_envelope');
  });
});
