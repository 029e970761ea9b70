import type { FastifyInstance } from 'fastify';
import { type ApiDeps, createApi } from './create-api';

/** A listening API and how to stop it. */
export interface RunningServer {
  app: FastifyInstance;
  /** `http://host:port`, with the port the system gave when 0 was asked for. */
  url: string;
  /** Stops accepting requests, waits for those in flight and for sync runs to stop, closes the app. */
  close(): Promise<void>;
}

/** Creates the API and listens on `host:port` (config.api unless given). */
export async function startServer(deps: ApiDeps & { host?: string; port?: number }): Promise<RunningServer> {
  const app = createApi(deps);
  const host = deps.host ?? deps.config.api.host;
  const port = deps.port ?? deps.config.api.port;
  try {
    await app.listen({ host, port });
  } catch (error) {
    await app.close();
    throw error;
  }
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return { app, url: `http://${shownHost}:${actualPort}`, close: () => app.close() };
}
