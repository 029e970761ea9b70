/**
 * A fake Telegram Bot API on loopback: serves POST /bot<token>/<method> with JSON, urlencoded or multipart
 * bodies, records every call with its parsed parameters, and answers like Telegram does — {ok:true,result}
 * or {ok:false,error_code,description,parameters}. Tests queue failures (429 with retry_after, 403, 400)
 * for a method; everything else gets a plausible result.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  method: string;
  params: Record<string, unknown>;
  /** Milliseconds since the fake started. */
  at: number;
}

export interface FakeFailure {
  errorCode: number;
  description: string;
  parameters?: Record<string, unknown>;
}

export const failures = {
  tooManyRequests: (retryAfter: number): FakeFailure => ({
    errorCode: 429,
    description: `Too Many Requests: retry after ${retryAfter}`,
    parameters: { retry_after: retryAfter },
  }),
  blocked: (): FakeFailure => ({ errorCode: 403, description: 'Forbidden: bot was blocked by the user' }),
  cantInitiate: (): FakeFailure => ({
    errorCode: 403,
    description: "Forbidden: bot can't initiate conversation with a user",
  }),
  badRequest: (description = "Bad Request: can't parse entities"): FakeFailure => ({
    errorCode: 400,
    description,
  }),
  notModified: (): FakeFailure => ({
    errorCode: 400,
    description:
      'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
  }),
};

export interface FakeTelegramApi {
  /** The apiRoot to give the library (http://127.0.0.1:<port>). */
  apiRoot: string;
  token: string;
  calls: RecordedCall[];
  /** Calls of one method, in order. */
  callsOf(method: string): RecordedCall[];
  /** The next `times` calls of `method` fail with `failure` (after `after` calls that succeed: page 2 of a view). */
  failNext(method: string, failure: FakeFailure, times?: number, after?: number): void;
  /** Updates getUpdates hands out (those at or after its offset). */
  queueUpdates(updates: unknown[]): void;
  /** Requests with a token other than ours (answered 401 like Telegram). */
  wrongTokenRequests: number;
  reset(): void;
  close(): Promise<void>;
}

/** Starts the fake for one bot token. */
export async function startFakeTelegramApi(
  token = '123456:TEST-token_abcdefghijklmnop',
): Promise<FakeTelegramApi> {
  const calls: RecordedCall[] = [];
  const updates: Array<{ update_id: number }> = [];
  /** Per method, what its next calls get: a failure, or null for a normal answer. */
  const queued = new Map<string, Array<FakeFailure | null>>();
  const started = Date.now();
  let nextMessageId = 1000;
  const fake = {
    apiRoot: '',
    token,
    calls,
    wrongTokenRequests: 0,
    callsOf: (method: string) => calls.filter((call) => call.method === method),
    failNext(method: string, failure: FakeFailure, times = 1, after = 0) {
      const list = queued.get(method) ?? [];
      for (let i = 0; i < after; i++) list.push(null);
      for (let i = 0; i < times; i++) list.push(failure);
      queued.set(method, list);
    },
    queueUpdates(more: unknown[]) {
      updates.push(...(more as Array<{ update_id: number }>));
    },
    reset() {
      calls.length = 0;
      updates.length = 0;
      queued.clear();
    },
    close: () => closeServer(server),
  };

  const answer = (method: string, params: Record<string, unknown>): unknown => {
    const chat = { id: Number(params.chat_id ?? 0), type: 'private' };
    switch (method) {
      case 'getMe':
        return {
          id: Number(token.split(':')[0]),
          is_bot: true,
          first_name: 'CRM Bridge',
          username: 'crm_test_bot',
        };
      case 'sendMessage':
        nextMessageId += 1;
        return { message_id: nextMessageId, date: Math.floor(Date.now() / 1000), chat, text: params.text };
      case 'editMessageText':
        return {
          message_id: Number(params.message_id),
          date: Math.floor(Date.now() / 1000),
          chat,
          text: params.text,
        };
      case 'getUpdates': {
        const offset = Number(params.offset ?? 0);
        return updates.filter((update) => update.update_id >= offset);
      }
      default:
        return true;
    }
  };

  const server = createServer((request, response) => {
    void (async () => {
      const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(request.url ?? '');
      const reply = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      };
      if (request.method !== 'POST' || !match) {
        reply(404, { ok: false, error_code: 404, description: 'Not Found' });
        return;
      }
      if (match[1] !== token) {
        fake.wrongTokenRequests += 1;
        reply(401, { ok: false, error_code: 401, description: 'Unauthorized' });
        return;
      }
      const method = match[2]!;
      const params = await readParams(request);
      calls.push({ method, params, at: Date.now() - started });
      const failure = queued.get(method)?.shift();
      if (failure) {
        reply(failure.errorCode, {
          ok: false,
          error_code: failure.errorCode,
          description: failure.description,
          ...(failure.parameters ? { parameters: failure.parameters } : {}),
        });
        return;
      }
      const result = answer(method, params);
      // Long polling: hold an empty answer a little, as Telegram holds it up to `timeout`.
      if (method === 'getUpdates' && Array.isArray(result) && result.length === 0) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      reply(200, { ok: true, result });
    })().catch((error: unknown) => {
      response.writeHead(500);
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.apiRoot = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

/** The body as parameters: JSON as it is; form fields (urlencoded or multipart) with JSON values decoded. */
async function readParams(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const type = request.headers['content-type'] ?? '';
  if (body.length === 0) return {};
  if (type.startsWith('application/json'))
    return JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  const form = await new Response(body, { headers: { 'content-type': type } }).formData();
  const params: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) {
    params[key] = typeof value === 'string' ? decodeField(key, value) : `<file ${value.name}>`;
  }
  return params;
}

/** Free text the fake never decodes, whatever it looks like. */
const TEXT_FIELDS = new Set(['text', 'description', 'short_description', 'caption', 'url', 'secret_token']);

/** Structured fields arrive as JSON strings, numbers and booleans as their text. */
function decodeField(key: string, value: string): unknown {
  if (TEXT_FIELDS.has(key) || !/^([[{]|-?\d+$|true$|false$)/.test(value)) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}
