import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Secret } from '@crm-bridge/core';
import type { ClaimedDelivery } from './delivery-queue';
import { sendWebhook } from './send-webhook';
import { signWebhookPayload, verifyWebhookSignature } from './signature';
import { type ReceivedRequest, startReceiver, type TestReceiver } from './webhook-fixture.test-support';

const run = promisify(execFile);
const secret = 'whsec-test-0123456789abcdef';
const body = '{"id":"7","topic":"ticket.created","createdAt":"2026-06-01T09:30:00.000Z","data":{"n":1}}';
const now = new Date('2026-06-01T09:30:05.000Z');
const timestamp = Math.floor(now.getTime() / 1000);

describe('verifyWebhookSignature', () => {
  const signature = signWebhookPayload({ secret, timestamp, body });

  it('signs as v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>', () => {
    const expected = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
    expect(signature).toBe(`v1=${expected}`);
  });

  it('accepts the matching secret, timestamp and body, from text or bytes', () => {
    expect(verifyWebhookSignature({ secret, timestamp, body, signature, now })).toBe(true);
    expect(
      verifyWebhookSignature({
        secret,
        timestamp: String(timestamp),
        body: Buffer.from(body),
        signature,
        now,
      }),
    ).toBe(true);
  });

  it.each([
    ['the body differs', { body: body.replace('"n":1', '"n":2') }],
    ['the timestamp differs', { timestamp: timestamp + 1 }],
    ['the secret differs', { secret: `${secret}x` }],
    ['the signature is cut short', { signature: signature.slice(0, -2) }],
    ['the scheme is unknown', { signature: signature.replace('v1=', 'v0=') }],
    ['the timestamp is not a number', { timestamp: '17e8' }],
  ])('refuses when %s', (_case, change) => {
    expect(verifyWebhookSignature({ secret, timestamp, body, signature, now, ...change })).toBe(false);
  });

  it('refuses a timestamp outside the tolerance either way, and accepts one at its edge', () => {
    const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);
    expect(verifyWebhookSignature({ secret, timestamp, body, signature, now: at(300) })).toBe(true);
    expect(verifyWebhookSignature({ secret, timestamp, body, signature, now: at(301) })).toBe(false);
    expect(verifyWebhookSignature({ secret, timestamp, body, signature, now: at(-301) })).toBe(false);
    expect(
      verifyWebhookSignature({ secret, timestamp, body, signature, now: at(3600), toleranceSeconds: 3600 }),
    ).toBe(true);
  });

  it('accepts any one of several comma-separated signatures', () => {
    const other = signWebhookPayload({ secret: 'an-older-secret-000000', timestamp, body });
    expect(
      verifyWebhookSignature({ secret, timestamp, body, signature: `${other}, ${signature}`, now }),
    ).toBe(true);
  });
});

/** The code block after `recipe: verify` in docs/webhooks.md for a language. */
function recipe(language: 'js' | 'python'): string {
  const docs = readFileSync(path.join(__dirname, '../../../../docs/webhooks.md'), 'utf8');
  const match = new RegExp(`\`\`\`${language}\\n(?:#|//) recipe: verify\\n([\\s\\S]*?)\`\`\``).exec(docs);
  if (!match) throw new Error(`docs/webhooks.md has no ${language} verification recipe`);
  return match[1]!;
}

async function documentedNodeRecipe(
  key: string,
  request: ReceivedRequest,
  rawBody: string,
): Promise<boolean> {
  const program = `${recipe('js')}
const input = JSON.parse(process.argv[1]);
process.stdout.write(String(verifyCrmBridgeWebhook(input.key, input.headers, Buffer.from(input.body))));`;
  const { stdout } = await run(process.execPath, [
    '-e',
    program,
    JSON.stringify({ key, headers: request.headers, body: rawBody }),
  ]);
  return stdout === 'true';
}

async function documentedPythonRecipe(
  key: string,
  request: ReceivedRequest,
  rawBody: string,
): Promise<boolean> {
  const headers = {
    'X-CRM-Bridge-Timestamp': request.headers['x-crm-bridge-timestamp'],
    'X-CRM-Bridge-Signature': request.headers['x-crm-bridge-signature'],
  };
  const program = `${recipe('python')}
import json, sys
data = json.loads(sys.argv[1])
print(verify_crm_bridge_webhook(data["key"], data["headers"], data["body"].encode()), end="")`;
  const { stdout } = await run('python3', ['-c', program, JSON.stringify({ key, headers, body: rawBody })]);
  return stdout === 'True';
}

/** The same request claiming to be sent one second later (within the tolerance, so only the HMAC can catch it). */
const shiftedTimestamp = (request: ReceivedRequest): ReceivedRequest => ({
  ...request,
  headers: {
    ...request.headers,
    'x-crm-bridge-timestamp': String(Number(request.headers['x-crm-bridge-timestamp']) + 1),
  },
});

const hasPython = (() => {
  try {
    require('node:child_process').execFileSync('python3', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('the documented verification recipe, on a real signed request', () => {
  let receiver: TestReceiver;
  let request: ReceivedRequest;

  beforeAll(async () => {
    receiver = await startReceiver();
    const delivery: ClaimedDelivery = {
      id: '5b0e8a9e-3f7c-4f53-9a53-2f4f6c1d9b7e',
      attempt: 1,
      subscriptionId: '6c3f4e57-9d7f-4e6b-8a89-64b0d9c1f111',
      url: receiver.url,
      secret: new Secret(secret),
      eventId: '42',
      topic: 'ticket.created',
      eventCreatedAt: '2026-06-01T09:30:00.000Z',
      data: { ticket: { number: 1042, title: 'Запрос: счёт №7 – “срочно”' } },
    };
    const sent = await sendWebhook(delivery, { fetch, timeoutMs: 5000, sentAt: new Date() });
    expect(sent).toEqual({ ok: true, responseStatus: 200, error: null });
    request = receiver.requests[0]!;
  });
  afterAll(() => receiver?.close());

  it('sends the documented headers and body', () => {
    expect(request.method).toBe('POST');
    expect(request.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': 'crm-bridge-webhooks/1',
      'x-crm-bridge-event': 'ticket.created',
      'x-crm-bridge-delivery': '5b0e8a9e-3f7c-4f53-9a53-2f4f6c1d9b7e',
    });
    expect(request.headers['x-crm-bridge-timestamp']).toMatch(/^\d{10}$/);
    expect(request.headers['x-crm-bridge-signature']).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(JSON.parse(request.body)).toEqual({
      id: '42',
      topic: 'ticket.created',
      createdAt: '2026-06-01T09:30:00.000Z',
      data: { ticket: { number: 1042, title: 'Запрос: счёт №7 – “срочно”' } },
    });
  });

  it('verifies with verifyWebhookSignature on the raw body', () => {
    const input = {
      secret,
      timestamp: String(request.headers['x-crm-bridge-timestamp']),
      body: request.body,
      signature: String(request.headers['x-crm-bridge-signature']),
    };
    expect(verifyWebhookSignature(input)).toBe(true);
    expect(
      verifyWebhookSignature({ ...input, body: JSON.stringify(JSON.parse(request.body), null, 1) }),
    ).toBe(false);
  });

  // Each check starts a process, so they run side by side and get a minute on a busy machine.
  it('verifies with the Node recipe from docs/webhooks.md, and fails on another body, secret or timestamp', async () => {
    expect(
      await Promise.all([
        documentedNodeRecipe(secret, request, request.body),
        documentedNodeRecipe(secret, request, request.body.replace('1042', '1043')),
        documentedNodeRecipe('another-secret-value', request, request.body),
        documentedNodeRecipe(secret, shiftedTimestamp(request), request.body),
      ]),
    ).toEqual([true, false, false, false]);
  }, 60_000);

  (hasPython ? it : it.skip)(
    'verifies with the Python recipe from docs/webhooks.md, and fails on another body, secret or timestamp',
    async () => {
      expect(
        await Promise.all([
          documentedPythonRecipe(secret, request, request.body),
          documentedPythonRecipe(secret, request, request.body.replace('1042', '1043')),
          documentedPythonRecipe('another-secret-value', request, request.body),
          documentedPythonRecipe(secret, shiftedTimestamp(request), request.body),
        ]),
      ).toEqual([true, false, false, false]);
    },
    60_000,
  );
});
