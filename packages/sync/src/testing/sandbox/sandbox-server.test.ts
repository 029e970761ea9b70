import { createFaults } from './faults';
import { applyFault, readJsonBody, type SandboxServer, sendJson, startSandboxServer } from './sandbox-server';

describe('startSandboxServer', () => {
  let server: SandboxServer;
  const faults = createFaults();

  beforeAll(async () => {
    server = await startSandboxServer(async (req, res) => {
      if (await applyFault(res, faults.beforeRequest(req))) return;
      if (req.url === '/boom') throw new Error('handler broke');
      if (req.url === '/truncated') {
        sendJson(res, 200, { data: Array.from({ length: 200 }, (_, i) => ({ i })) }, { truncate: true });
        return;
      }
      const body = await readJsonBody(req, 1024);
      sendJson(res, 200, { method: req.method, url: req.url, body });
    });
  });
  afterAll(async () => {
    await server.close();
  });
  afterEach(() => faults.setPlan({}));

  it('listens on 127.0.0.1 and echoes JSON', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${server.url}/echo?x=1`, {
      method: 'POST',
      body: JSON.stringify({ a: 'ä' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.json()).toEqual({ method: 'POST', url: '/echo?x=1', body: { a: 'ä' } });
  });

  it('refuses a body over the cap with 413 and broken JSON with 400', async () => {
    const big = await fetch(`${server.url}/echo`, {
      method: 'POST',
      body: JSON.stringify({ a: 'x'.repeat(2000) }),
    });
    expect(big.status).toBe(413);
    const broken = await fetch(`${server.url}/echo`, { method: 'POST', body: '{"a":' });
    expect(broken.status).toBe(400);
  });

  it('turns a handler error into a 500 JSON answer', async () => {
    const response = await fetch(`${server.url}/boom`);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: 'handler broke' });
  });

  it('answers injected 5xx with an HTML page and 429 with Retry-After', async () => {
    faults.setPlan({ serverErrorRate: 1 });
    const error = await fetch(`${server.url}/echo`);
    expect([502, 503, 504]).toContain(error.status);
    expect(error.headers.get('content-type')).toBe('text/html');
    expect(await error.text()).toContain('<html>');
    faults.setPlan({ rateLimitRate: 1, seed: 2 });
    const statuses = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const r = await fetch(`${server.url}/echo`);
        await r.text();
        return [r.status, r.headers.get('retry-after')] as const;
      }),
    );
    expect(statuses.every(([status]) => status === 429)).toBe(true);
    expect(statuses.some(([, retry]) => retry !== null && Number(retry) >= 1)).toBe(true);
  });

  it('cuts a truncated body short so the client cannot parse it', async () => {
    const outcome = await fetch(`${server.url}/truncated`).then(
      (r) =>
        r.json().then(
          () => 'parsed',
          () => 'broken',
        ),
      () => 'broken',
    );
    expect(outcome).toBe('broken');
  });

  it('counts requests by status and keeps a log', () => {
    const stats = server.stats();
    expect(stats.requests).toBeGreaterThanOrEqual(15);
    expect(stats.byStatus[200]).toBeGreaterThanOrEqual(1);
    expect(stats.byStatus[429]).toBe(10);
    expect(server.log().at(0)).toMatchObject({ method: 'POST', url: '/echo?x=1', status: 200 });
  });
});
