/**
 * The Telegram webhook route for `crm-bridge serve`. Updates are not signed: the secret token Telegram sends
 * in X-Telegram-Bot-Api-Secret-Token (set with setWebhook) is the only proof of origin, so it is checked
 * first, in constant time, before the body is even parsed. A wrong or missing secret gets 401 and changes
 * nothing. A good update is answered 200 at once and handled after (see UpdateQueue). The API's rate limit
 * is off on this route (bounded by UpdateQueue's 503 instead).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Update } from 'node-telegram-bot-api';
import type { ReceiveResult } from './update-queue';

export const SECRET_HEADER = 'x-telegram-bot-api-secret-token';
const SECRET_TOKEN = /^[A-Za-z0-9_-]{1,256}$/;

export interface TelegramWebhookOptions {
  /** The route path, e.g. /telegram/webhook. */
  path: string;
  /** The secret_token given to setWebhook: 1-256 of A-Z a-z 0-9 _ -. */
  secretToken: string;
}

/** Registers POST <path> on a Fastify app; `receive` is TelegramBot.receive. */
export function registerTelegramWebhook(
  app: FastifyInstance,
  receive: (update: Update) => ReceiveResult,
  options: TelegramWebhookOptions,
): void {
  if (!SECRET_TOKEN.test(options.secretToken)) {
    throw new Error('The Telegram webhook secret must be 1-256 characters of A-Z, a-z, 0-9, _ and -');
  }
  const expected = digest(options.secretToken);
  app.post(
    options.path,
    {
      bodyLimit: 1024 * 1024,
      // Telegram's servers are not API clients: a burst of updates must not meet the API's per-IP rate limit
      // (a 429 only makes Telegram deliver again later). The secret token is the check here instead.
      config: { rateLimit: false },
      onRequest: async (request: FastifyRequest, reply: FastifyReply) => {
        if (!secretMatches(request.headers[SECRET_HEADER], expected)) {
          return reply.code(401).send({ error: 'unauthorized' });
        }
      },
    },
    async (request, reply) => {
      const update = request.body;
      if (!isUpdate(update)) return reply.code(400).send({ error: 'not a Telegram update' });
      // busy: Telegram delivers the update again later.
      if (receive(update) === 'busy') return reply.code(503).send({ error: 'busy' });
      return reply.code(200).send({});
    },
  );
}

/** Both sides hashed first, so timingSafeEqual compares equal-length buffers and leaks not even the length. */
function secretMatches(header: string | string[] | undefined, expected: Buffer): boolean {
  const given = typeof header === 'string' ? header : '';
  return timingSafeEqual(digest(given), expected);
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** The least an Update must be: an object with an integer update_id (the rest is Telegram's, verified above). */
function isUpdate(body: unknown): body is Update {
  return (
    typeof body === 'object' &&
    body !== null &&
    Number.isSafeInteger((body as { update_id?: unknown }).update_id)
  );
}
