import { ConfigError } from '@crm-bridge/core';
import nock from 'nock';
import { connectOdoo } from './odoo-session';
import { BASE, context, failureOf, KEY, signal, source, useStrictNock } from './protocol.test-support';
import { customersStream } from './streams/customers';

useStrictNock();

describe('JSON-2 (Odoo 19)', () => {
  const json2 = () =>
    nock(BASE, {
      reqheaders: {
        authorization: `bearer ${KEY}`,
        'x-odoo-database': 'acme',
        'content-type': 'application/json',
      },
    });

  it('checks the key with res.users/context_get and reads with named params', async () => {
    json2()
      .post('/json/2/res.users/context_get', {})
      .reply(200, { lang: 'en_US', tz: 'Europe/Berlin', uid: 7 });
    const session = await connectOdoo(context(source({ api: 'json2', credentials: { apiKey: KEY } })));
    json2()
      .post('/json/2/res.partner/search', {
        domain: [
          ['is_company', '=', true],
          ['id', '>', 0],
        ],
        limit: 3,
        order: 'id asc',
        context: { active_test: false },
      })
      .reply(200, [4, 9]);
    json2()
      .post('/json/2/res.partner/fields_get', { attributes: ['type'] })
      .reply(200, { id: { type: 'integer' } });
    const ids = await customersStream.listIds!(session, { since: null, token: null, pageSize: 3, signal });
    expect(ids).toEqual({ records: ['4', '9'], next: null });
  });

  it.each([
    [401, 'werkzeug.exceptions.Unauthorized', 'odoo.invalid_api_key'],
    [403, 'odoo.exceptions.AccessError', 'odoo.access_error'],
    [404, 'werkzeug.exceptions.NotFound', 'odoo.not_found'],
    [409, 'odoo.exceptions.LockError', 'odoo.locked'],
    [422, 'odoo.exceptions.ValidationError', 'odoo.invalid_query'],
  ])('maps status %s (%s) through the 19.0 table', async (status, name, code) => {
    json2().post('/json/2/res.users/context_get').reply(200, { uid: 7 });
    const session = await connectOdoo(context(source({ api: 'json2', credentials: { apiKey: KEY } })));
    json2()
      .post('/json/2/res.partner/search_count')
      .reply(status, { name, message: 'nope', arguments: ['nope', status], context: {}, debug: 'Traceback' });
    expect((await failureOf(session.orm.searchCount('res.partner', [], signal))).code).toBe(code);
  });

  it('refuses an unknown key at connect', async () => {
    json2()
      .post('/json/2/res.users/context_get')
      .reply(
        401,
        {
          name: 'werkzeug.exceptions.Unauthorized',
          message: 'Invalid apikey',
          arguments: ['Invalid apikey', 401],
        },
        { 'www-authenticate': 'bearer' },
      );
    const error = await failureOf(
      connectOdoo(context(source({ api: 'json2', credentials: { apiKey: KEY } }))),
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).not.toContain(KEY);
  });
});
