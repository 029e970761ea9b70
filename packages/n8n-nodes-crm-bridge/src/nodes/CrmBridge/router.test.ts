import { useNock } from '@test/support/nock';
import { NodeApiError } from 'n8n-workflow';
import { API_KEY, runNode } from '../../n8n-context.test-support';
import { api } from './resources/api-mock.test-support';

useNock();

const problem = {
  type: 'urn:crm-bridge:problem:api.invalid_request',
  title: 'Bad Request',
  status: 400,
  detail: 'The request is not valid: see errors',
  code: 'api.invalid_request',
  errors: [{ path: 'body.subject', message: 'Too small: expected string to have >=1 characters' }],
};

describe('errors', () => {
  it("turns the API's problem+json into a NodeApiError with its detail, code and field errors", async () => {
    api().post('/v1/tickets').reply(400, problem, { 'content-type': 'application/problem+json' });
    const error = await runNode({
      items: [{ resource: 'ticket', operation: 'create', subject: 'x', additionalFields: {} }],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeApiError);
    expect((error as NodeApiError).message).toBe('The request is not valid: see errors');
    expect((error as NodeApiError).description).toBe(
      'code: api.invalid_request\nbody.subject: Too small: expected string to have >=1 characters',
    );
    expect((error as NodeApiError).httpCode).toBe('400');
  });

  it('names a 409 conflict in words, and never shows the API key', async () => {
    api().post('/v1/tickets/T-1/transition').reply(409, {
      status: 409,
      title: 'Conflict',
      code: 'desk.invalid_transition',
      detail: 'a closed ticket cannot become pending: reopen it (→ open) first',
    });
    const error = (await runNode({
      items: [{ resource: 'ticket', operation: 'changeStatus', ticketRef: 'T-1', status: 'pending' }],
    }).catch((e: unknown) => e)) as NodeApiError;
    expect(error.message).toBe('a closed ticket cannot become pending: reopen it (→ open) first');
    expect(
      JSON.stringify({ ...error, message: error.message, description: error.description }),
    ).not.toContain(API_KEY);
  });

  it('with continue-on-fail, a failed item becomes { error } and the next items still run', async () => {
    api()
      .get('/v1/tickets/T-404')
      .reply(404, {
        status: 404,
        title: 'Not Found',
        detail: 'No ticket T-404',
        code: 'desk.ticket_not_found',
      })
      .get('/v1/tickets/T-1')
      .reply(200, { ref: 'T-1' });
    const out = await runNode({
      continueOnFail: true,
      items: [
        { resource: 'ticket', operation: 'get', ticketRef: 'T-404' },
        { resource: 'ticket', operation: 'get', ticketRef: '' },
        { resource: 'ticket', operation: 'get', ticketRef: 'T-1' },
      ],
    });
    expect(out).toEqual([
      { error: 'No ticket T-404', description: 'code: desk.ticket_not_found', httpCode: '404' },
      { error: 'Ticket is required' },
      { ref: 'T-1' },
    ]);
  });

  it('reports a 401 with the API words for a wrong key', async () => {
    api().get('/v1/customers').query(true).reply(401, {
      status: 401,
      title: 'Unauthorized',
      detail: 'The API key was revoked',
      code: 'api.unauthorized',
    });
    await expect(
      runNode({ items: [{ resource: 'customer', operation: 'search', query: 'a', limit: 5 }] }),
    ).rejects.toThrow('The API key was revoked');
  });

  it('fails the item when the server cannot be reached', async () => {
    api().get('/v1/tickets/T-1').replyWithError('connect ECONNREFUSED 127.0.0.1:8080');
    await expect(
      runNode({ items: [{ resource: 'ticket', operation: 'get', ticketRef: 'T-1' }] }),
    ).rejects.toBeInstanceOf(NodeApiError);
  });
});
