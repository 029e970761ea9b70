import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Db, migrate } from '@crm-bridge/store';
import { openPgliteTestDb, type TestDb } from '@test/support/stores';
import { createWebhookSubscription } from './subscriptions';
import { webhookDrainPass } from './webhook-drainer';
import { captureLog, employeeCaller, enqueueEvent, resetWebhookTables } from './webhook-fixture.test-support';

/** A receiver that answers after `delayMs`, with 500 for the event ids in `failing`, and counts what it saw. */
async function backlogReceiver(delayMs: number, failing: Set<string>) {
  const seen = { order: [] as string[], inFlightAtArrival: [] as number[], connections: 0, most: 0 };
  let inFlight = 0;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      inFlight++;
      seen.most = Math.max(seen.most, inFlight);
      seen.inFlightAtArrival.push(inFlight);
      const id = JSON.parse(Buffer.concat(chunks).toString('utf8')).id as string;
      seen.order.push(id);
      setTimeout(() => {
        inFlight--;
        response.writeHead(failing.has(id) ? 500 : 204).end();
      }, delayMs);
    });
  });
  server.on('connection', () => seen.connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { url, seen, close };
}

let testDb: TestDb;
let db: Db;

beforeAll(async () => {
  testDb = await openPgliteTestDb();
  db = testDb.db;
  await migrate(db);
}, 120_000);
beforeEach(() => resetWebhookTables(db));
afterAll(() => testDb?.cleanup());

async function backlog(url: string, count: number): Promise<string[]> {
  const admin = await employeeCaller(db, 'admin');
  await createWebhookSubscription(db, admin, { url, events: ['ticket.created'] });
  const events: string[] = [];
  for (let n = 0; n < count; n++) events.push(await enqueueEvent(db, 'ticket.created', { n }));
  return events;
}

describe('a subscription with a backlog', () => {
  it('is probed one delivery at a time, then sent 8 at once over kept-alive connections', async () => {
    const receiver = await backlogReceiver(15, new Set());
    try {
      const events = await backlog(receiver.url, 30);
      const pass = webhookDrainPass(db, { log: captureLog().log, batchSize: 50 });
      expect(await pass()).toEqual({ fannedOut: 30, delivered: 30, failed: 0, claimed: 30 });
      expect([...receiver.seen.order].sort()).toEqual([...events].sort());
      // Started in event order: the first eight one by one, in order.
      expect(receiver.seen.order.slice(0, 8)).toEqual(events.slice(0, 8));
      expect(receiver.seen.inFlightAtArrival.slice(0, 8)).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
      expect(receiver.seen.most).toBe(8);
      expect(receiver.seen.connections).toBeLessThanOrEqual(8);
      const rows = await db.query<{ status: string; attempt: number; n: number }>(
        'SELECT status, attempt, count(*)::int AS n FROM webhook_deliveries GROUP BY 1, 2',
      );
      expect(rows).toEqual([{ status: 'delivered', attempt: 1, n: 30 }]);
    } finally {
      await receiver.close();
    }
  });

  it('stops after a window with a failure: the rest wait untried, the window’s successes are recorded', async () => {
    const events: string[] = [];
    const failing = new Set<string>();
    const receiver = await backlogReceiver(5, failing);
    try {
      events.push(...(await backlog(receiver.url, 30)));
      failing.add(events[12]!);
      const pass = webhookDrainPass(db, { log: captureLog().log, batchSize: 50, random: () => 0 });
      expect(await pass()).toEqual({ fannedOut: 30, delivered: 15, failed: 1, claimed: 30 });
      expect(receiver.seen.order).toHaveLength(16);
      const rows = await db.query<{ status: string; attempt: number; n: number }>(
        'SELECT status, attempt, count(*)::int AS n FROM webhook_deliveries GROUP BY 1, 2 ORDER BY 1, 2',
      );
      expect(rows).toEqual([
        { status: 'delivered', attempt: 1, n: 15 },
        { status: 'failed', attempt: 1, n: 1 },
        { status: 'pending', attempt: 0, n: 14 },
      ]);
    } finally {
      await receiver.close();
    }
  });
});
