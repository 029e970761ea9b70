/**
 * The bots bench's fake platforms, run in their own forked process so that neither the load generator nor
 * the server shares their event loop: the Slack Web API (POST /api/<method>, form-urlencoded as web-api 8
 * sends it) with response_url endpoints (POST /resp/<id>), and the Telegram Bot API (POST /bot<token>/<method>,
 * JSON or form). Each call is answered as the platform answers it and recorded with its arrival time (the
 * moment its body was read, on the machine-wide clock `now()`); the parent collects the records over IPC.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

/** Milliseconds on a clock every process on this machine shares (wall clock, sub-millisecond). */
export const now = (): number => performance.timeOrigin + performance.now();

/** One call that reached a fake. */
export interface Arrival {
  platform: 'slack' | 'telegram';
  /** Slack: `resp` for a response_url POST, else the Web API method; Telegram: the Bot API method. */
  method: string;
  /** Slack: the response_url id or the `channel` of a Web API call; Telegram: `chat_id`. */
  target: string;
  /** The first 300 characters of the message text (to check what was answered). */
  text: string;
  at: number;
}

/** What the fakes child tells its parent. */
export type FakesMessage = { ready: { slackUrl: string; telegramRoot: string } } | { arrivals: Arrival[] };

export const TELEGRAM_BOT_ID = 700_000_001;
export const TELEGRAM_BOT_USERNAME = 'crm_bench_bot';

async function readBody(req: IncomingMessage): Promise<{ raw: Buffer; at: number }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return { raw: Buffer.concat(chunks), at: now() };
}

/** Form or JSON parameters as plain strings or values; bodies here are ours or the libraries', never hostile. */
async function readParams(req: IncomingMessage, raw: Buffer): Promise<Record<string, unknown>> {
  const type = req.headers['content-type'] ?? '';
  if (raw.length === 0) return {};
  if (type.startsWith('application/json')) return JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
  const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
  return Object.fromEntries([...form.entries()].map(([key, value]) => [key, String(value)]));
}

const textOf = (params: Record<string, unknown>) => String(params.text ?? '').slice(0, 300);

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );
}

function json(res: import('node:http').ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** The fake Slack: answers like Slack (auth.test, chat.postMessage with a ts, ok:true for the rest). */
function fakeSlack(record: (arrival: Arrival) => void): Server {
  let ts = 0;
  return createServer((req, res) => {
    void (async () => {
      const { raw, at } = await readBody(req);
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path.startsWith('/resp/')) {
        const body = JSON.parse(raw.toString('utf8') || '{}') as Record<string, unknown>;
        record({ platform: 'slack', method: 'resp', target: path.slice(6), text: textOf(body), at });
        json(res, 200, { ok: true });
        return;
      }
      const method = path.replace(/^\/api\//, '');
      const params = await readParams(req, raw);
      record({ platform: 'slack', method, target: String(params.channel ?? ''), text: textOf(params), at });
      if (method === 'auth.test')
        json(res, 200, { ok: true, user_id: 'UBENCHBOT', bot_id: 'BBENCH', team_id: 'T1' });
      else if (method === 'chat.postMessage')
        json(res, 200, {
          ok: true,
          channel: params.channel,
          ts: `1700000000.${String(++ts).padStart(6, '0')}`,
        });
      else json(res, 200, { ok: true });
    })().catch((error: unknown) => json(res, 500, { ok: false, error: String(error) }));
  });
}

/** The fake Telegram Bot API for one token: sendMessage gets a message, everything else `true`. */
function fakeTelegram(token: string, record: (arrival: Arrival) => void): Server {
  let messageId = 0;
  return createServer((req, res) => {
    void (async () => {
      const { raw, at } = await readBody(req);
      const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(req.url ?? '');
      if (!match || match[1] !== token) {
        json(res, match ? 401 : 404, {
          ok: false,
          error_code: match ? 401 : 404,
          description: 'Unauthorized',
        });
        return;
      }
      const method = match[2]!;
      const params = await readParams(req, raw);
      record({
        platform: 'telegram',
        method,
        target: String(params.chat_id ?? ''),
        text: textOf(params),
        at,
      });
      const date = Math.floor(Date.now() / 1000);
      const chat = { id: Number(params.chat_id ?? 0), type: 'private' };
      if (method === 'getMe')
        json(res, 200, {
          ok: true,
          result: {
            id: TELEGRAM_BOT_ID,
            is_bot: true,
            first_name: 'CRM Bench',
            username: TELEGRAM_BOT_USERNAME,
          },
        });
      else if (method === 'sendMessage' || method === 'editMessageText')
        json(res, 200, {
          ok: true,
          result: { message_id: Number(params.message_id ?? ++messageId), date, chat, text: params.text },
        });
      else json(res, 200, { ok: true, result: true });
    })().catch((error: unknown) =>
      json(res, 500, { ok: false, error_code: 500, description: String(error) }),
    );
  });
}

/** The child's body: both fakes on loopback; 'collect' hands over (and forgets) the arrivals so far. */
async function runFakes(): Promise<void> {
  let arrivals: Arrival[] = [];
  const record = (arrival: Arrival) => arrivals.push(arrival);
  const slack = fakeSlack(record);
  const telegram = fakeTelegram(process.env.BOTS_BENCH_TELEGRAM_TOKEN!, record);
  const [slackUrl, telegramRoot] = await Promise.all([listen(slack), listen(telegram)]);
  process.on('message', (message) => {
    if (message === 'collect') {
      const batch = arrivals;
      arrivals = [];
      process.send!({ arrivals: batch } satisfies FakesMessage);
    } else if (message === 'stop') {
      slack.closeAllConnections();
      telegram.closeAllConnections();
      slack.close();
      telegram.close();
      process.disconnect();
    }
  });
  process.once('disconnect', () => process.exit(0));
  process.send!({ ready: { slackUrl, telegramRoot } } satisfies FakesMessage);
}

if (require.main === module) {
  runFakes().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
