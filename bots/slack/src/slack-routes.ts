/**
 * Mounts the Slack app (http mode) on the API's Fastify server. The route hands the untouched request to
 * Bolt's HTTPReceiver before Fastify reads the body: the signature covers the exact raw bytes, so no body
 * parser may run first (bots.md §1.2, trap 6). A forged or stale request gets Bolt's 401 and reaches no listener.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SLACK_EVENTS_PATH, type SlackHandle } from './slack-app';

/** The part of a Fastify instance this needs (kept structural so this package does not depend on Fastify). */
export interface SlackRouteHost {
  route(options: {
    method: 'POST';
    url: string;
    config: { rateLimit: false };
    onRequest: (
      request: { raw: IncomingMessage },
      reply: { raw: ServerResponse; hijack(): unknown },
      done: (error?: Error) => void,
    ) => void;
    handler: (request: unknown, reply: unknown) => Promise<void>;
  }): unknown;
}

/** Registers POST /slack/events (or `path`) on `server` for an http-mode Slack app. */
export function registerSlackRoutes(
  server: SlackRouteHost,
  slack: SlackHandle,
  path = SLACK_EVENTS_PATH,
): void {
  const listener = slack.requestListener;
  if (listener === null)
    throw new Error('The Slack app runs in socket mode: there is no HTTP endpoint to mount');
  // Bolt's receiver matches its own endpoint path; a different public path is rewritten to it.
  server.route({
    method: 'POST',
    url: path,
    // Slack's retries and bursts must not meet the API keys' rate limit; Slack signs every request instead.
    config: { rateLimit: false },
    onRequest: (request, reply, done) => {
      reply.hijack();
      if (path !== SLACK_EVENTS_PATH) request.raw.url = SLACK_EVENTS_PATH;
      listener(request.raw, reply.raw);
      done();
    },
    handler: async () => {},
  });
}
