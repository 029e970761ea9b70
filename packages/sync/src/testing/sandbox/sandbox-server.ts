import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FaultAction } from './faults';

export type SandboxHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface SandboxServerOptions {
  /** @defaultValue '127.0.0.1' */
  host?: string;
  /** 0 picks a free port. @defaultValue 0 */
  port?: number;
  /** Entries kept in the request log. @defaultValue 200 */
  logSize?: number;
}

export interface RequestLogEntry {
  method: string;
  /** Path and query as requested. */
  url: string;
  status: number;
  ms: number;
}

export interface SandboxServerStats {
  requests: number;
  byStatus: Record<number, number>;
  bytesOut: number;
}

export interface SandboxServer {
  /** e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  port: number;
  stats(): SandboxServerStats;
  /** The last requests, oldest first. */
  log(): RequestLogEntry[];
  /** Stops listening and drops open (keep-alive) connections. */
  close(): Promise<void>;
}

/** A request the handler refused on purpose: the harness answers with this status and a JSON message. */
export class SandboxHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'SandboxHttpError';
  }
}

/** Starts an HTTP server on node:http for a sandbox handler; handler errors become 500 JSON answers. */
export function startSandboxServer(
  handler: SandboxHandler,
  options: SandboxServerOptions = {},
): Promise<SandboxServer> {
  const host = options.host ?? '127.0.0.1';
  const logSize = options.logSize ?? 200;
  const stats: SandboxServerStats = { requests: 0, byStatus: {}, bytesOut: 0 };
  const log: RequestLogEntry[] = [];

  const server = createServer((req, res) => {
    const started = performance.now();
    stats.requests += 1;
    res.on('finish', () => {
      stats.byStatus[res.statusCode] = (stats.byStatus[res.statusCode] ?? 0) + 1;
      stats.bytesOut += Number(res.getHeader('content-length') ?? 0);
      log.push({
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        status: res.statusCode,
        ms: performance.now() - started,
      });
      if (log.length > logSize) log.shift();
    });
    Promise.resolve()
      .then(() => handler(req, res))
      .catch((error: unknown) => {
        if (res.headersSent) {
          res.destroy();
          return;
        }
        if (error instanceof SandboxHttpError) sendJson(res, error.status, { error: error.message });
        else sendJson(res, 500, { error: error instanceof Error ? error.message : String(error) });
      });
  });
  server.keepAliveTimeout = 5_000;

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      const port = (server.address() as AddressInfo).port;
      resolve({
        url: `http://${host}:${port}`,
        port,
        stats: () => ({ ...stats, byStatus: { ...stats.byStatus } }),
        log: () => [...log],
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            server.closeAllConnections();
          }),
      });
    });
  });
}

/** Reads the whole body as text, refusing bodies over the cap with a 413. */
export async function readBody(req: IncomingMessage, maxBytes = 1_048_576): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBytes) throw new SandboxHttpError(413, `request body over ${maxBytes} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads a JSON body (size-capped); an empty body is undefined, broken JSON a 400. */
export async function readJsonBody(req: IncomingMessage, maxBytes = 1_048_576): Promise<unknown> {
  const text = await readBody(req, maxBytes);
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new SandboxHttpError(400, 'request body is not valid JSON');
  }
}

export interface SendOptions {
  headers?: Record<string, string | number>;
  /** Send about half of the body and then drop the connection (a truncated page). */
  truncate?: boolean;
}

/** Sends text with a content type (default text/plain; charset=utf-8). */
export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  contentType = 'text/plain; charset=utf-8',
  options: SendOptions = {},
): void {
  const body = Buffer.from(text, 'utf8');
  res.writeHead(status, { ...options.headers, 'content-type': contentType, 'content-length': body.length });
  if (options.truncate) {
    res.write(body.subarray(0, Math.floor(body.length / 2)));
    // Give the half body a moment to leave, then cut the connection as a dying proxy would.
    setTimeout(() => res.destroy(), 10);
    return;
  }
  res.end(body);
}

/** Sends a JSON body. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  options: SendOptions = {},
): void {
  sendText(res, status, JSON.stringify(body), 'application/json; charset=utf-8', options);
}

/** The HTML page a reverse proxy shows for a 5xx. */
export function proxyErrorPage(status: number): string {
  const title =
    status === 502 ? 'Bad Gateway' : status === 503 ? 'Service Temporarily Unavailable' : 'Gateway Time-out';
  return `<html>\r\n<head><title>${status} ${title}</title></head>\r\n<body>\r\n<center><h1>${status} ${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

/**
 * Answers the generic faults (5xx HTML page, 429) and waits out a slow one. Returns true when the response
 * was sent (the handler stops), false when the handler should answer normally (after any delay).
 * 'session-expired' and 'truncate' are the sandbox's own business and return false untouched.
 */
export async function applyFault(
  res: ServerResponse,
  action: FaultAction | null,
  rateLimitBody?: string,
): Promise<boolean> {
  if (!action) return false;
  switch (action.kind) {
    case 'server-error':
      sendText(res, action.status, proxyErrorPage(action.status), 'text/html');
      return true;
    case 'rate-limit':
      sendText(res, 429, rateLimitBody ?? 'Too Many Requests', 'text/plain; charset=utf-8', {
        headers: action.retryAfterSeconds === null ? {} : { 'retry-after': action.retryAfterSeconds },
      });
      return true;
    case 'slow':
      await new Promise((resolve) => setTimeout(resolve, action.delayMs));
      return false;
    default:
      return false;
  }
}
