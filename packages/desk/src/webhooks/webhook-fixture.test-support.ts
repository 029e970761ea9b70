import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createLogger, type Logger, type Role } from '@crm-bridge/core';
import { addEmployee, type Db } from '@crm-bridge/store';
import type { WebhookCaller } from './webhook-caller';

/** One request a test receiver got, with its raw body. */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real HTTP server on 127.0.0.1 that records requests and answers with `status` (changeable). */
export interface TestReceiver {
  url: string;
  port: number;
  requests: ReceivedRequest[];
  status: number;
  /** Extra headers for the answer (e.g. a Location for a redirect). */
  headers: Record<string, string>;
  /** When true, requests get no answer at all (for timeouts). */
  hang: boolean;
  /** Milliseconds to wait before answering. */
  delayMs: number;
  /** Stops listening: connections are refused until `up()`. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(path = '/hook'): Promise<TestReceiver> {
  let server: Server | undefined;
  const receiver: TestReceiver = {
    url: '',
    port: 0,
    requests: [],
    status: 200,
    headers: {},
    hang: false,
    delayMs: 0,
    async down() {
      const current = server;
      server = undefined;
      if (!current) return;
      current.closeAllConnections();
      await new Promise<void>((resolve) => current.close(() => resolve()));
    },
    async up() {
      server = createServer((request, response) => {
        const chunks: Buffer[] = [];
        request.on('data', (chunk: Buffer) => chunks.push(chunk));
        request.on('end', () => {
          receiver.requests.push({
            method: request.method ?? '',
            url: request.url ?? '',
            headers: request.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          });
          if (receiver.hang) return;
          setTimeout(() => response.writeHead(receiver.status, receiver.headers).end('ok'), receiver.delayMs);
        });
      });
      const listening = server;
      await new Promise<void>((resolve, reject) => {
        listening.once('error', reject);
        listening.listen(receiver.port, '127.0.0.1', () => resolve());
      });
      receiver.port = (listening.address() as AddressInfo).port;
      receiver.url = `http://127.0.0.1:${receiver.port}${path}`;
    },
    close() {
      return receiver.down();
    },
  };
  await receiver.up();
  return receiver;
}

/** A pino logger (the production one, with its redaction) whose lines a test can read. */
export function captureLog(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { log: createLogger({ level: 'debug', destination }), lines };
}

/** An employee of `role` acting through the API. */
export async function employeeCaller(db: Db, role: Role, name = `${role} ${Math.random()}`) {
  const employee = await addEmployee(db, { name, role }, { kind: 'system', id: null, channel: 'system' });
  const caller: WebhookCaller = { actor: { kind: 'employee', id: employee.id, channel: 'api' }, role };
  return caller;
}

/** Writes an event to the outbox as emitEvent would (the desk's writer is not ours to call here). */
export async function enqueueEvent(db: Db, topic: string, data: Record<string, unknown>): Promise<string> {
  const [row] = await db.query<{ id: number }>(
    'INSERT INTO outbox (topic, payload) VALUES ($1, $2::jsonb) RETURNING id',
    [topic, JSON.stringify(data)],
  );
  return String(row!.id);
}

/**
 * A clock a test steps by hand. It starts a second ahead, so events the test just wrote (whose
 * available_at the database set with microseconds) are already due.
 */
export function steppedClock(start = new Date(Date.now() + 1000)) {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance(ms: number) {
      current += ms;
    },
  };
}

/** Empties what the drainer reads, so each test starts from no events and no subscriptions. */
export async function resetWebhookTables(db: Db): Promise<void> {
  await db.exec('TRUNCATE webhook_deliveries, webhook_subscriptions, chat_notifications, outbox');
}
