import type { Logger } from '@crm-bridge/core';
import { Redis, type RedisOptions } from 'ioredis';

/** Where the queues live: the Redis URL (a secret: never logged) and the key prefix of this environment. */
export interface RedisTarget {
  url: string;
  prefix: string;
}

/** The URL without its password, for log lines and errors. */
export function redactRedisUrl(url: string): string {
  return url.replace(/(\/\/[^:/@\s]*:)[^@\s]+@/, '$1***@');
}

/**
 * An ioredis client with an `error` listener (an unhandled one crashes the process on the first network
 * error). `blocking` is for Workers: BullMQ needs maxRetriesPerRequest null there; Queues fail fast.
 */
export function redisClient(
  target: RedisTarget,
  log: Pick<Logger, 'warn'>,
  options: { blocking?: boolean } = {},
): Redis {
  const settings: RedisOptions = options.blocking
    ? { maxRetriesPerRequest: null }
    : { maxRetriesPerRequest: 3, enableOfflineQueue: true };
  const client = new Redis(target.url, { ...settings, lazyConnect: false });
  let warned = false;
  client.on('error', (error: Error) => {
    // One line per outage, not one per reconnect attempt.
    if (warned) return;
    warned = true;
    log.warn({ redis: redactRedisUrl(target.url), error: error.message }, 'redis connection error');
  });
  client.on('ready', () => {
    warned = false;
  });
  return client;
}

/**
 * Redis must not evict: an evicted delayed job is a reminder never sent until the next reconcile.
 * Returns the warning to show, or null when `maxmemory-policy` is noeviction (or cannot be read).
 */
export async function checkRedisSettings(client: Redis): Promise<string | null> {
  let policy: string | undefined;
  try {
    const answer = (await client.config('GET', 'maxmemory-policy')) as string[];
    policy = answer[1];
  } catch {
    return 'could not read the Redis maxmemory-policy (CONFIG GET refused); make sure it is noeviction';
  }
  if (policy === undefined || policy === 'noeviction') return null;
  return `Redis maxmemory-policy is ${policy}: set it to noeviction (and turn AOF on), or Redis may drop queued jobs under memory pressure; the worker re-creates them only at its next reconcile`;
}
