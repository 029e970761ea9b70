import { type Config, ConfigError, type Logger } from '@crm-bridge/core';
import { createDuties, type Duties, type DutyDeps, type RedisTarget } from '@crm-bridge/queue';
import type { Db } from '@crm-bridge/store';
import type { Io } from '../io';
import { runSync } from '../sync/run-sync';

/** Where the queues live: redis.url, then REDIS_URL; null when neither is set (no Redis). */
export function redisTarget(config: Config, io: Io): RedisTarget | null {
  const url = config.redis.url?.reveal() ?? (io.env.REDIS_URL || undefined);
  return url ? { url, prefix: config.redis.prefix } : null;
}

/** The Redis target, or a config error saying how to give one. */
export function requireRedis(config: Config, io: Io): RedisTarget {
  const target = redisTarget(config, io);
  if (!target) {
    throw new ConfigError(
      'the worker needs Redis: set redis.url in the config or REDIS_URL (without Redis, crm-bridge serve runs the duties itself)',
      { code: 'cli.redis_missing' },
    );
  }
  return target;
}

/**
 * The duties as this CLI wires them: scheduled syncs through the same runner as `crm-bridge sync`, and the
 * chat drain when one is given.
 */
export function cliDuties(
  config: Config,
  db: Db,
  log: Logger,
  options: Pick<DutyDeps, 'drainChat'> = {},
): Duties {
  return createDuties({
    db,
    config,
    log,
    ...options,
    runSync: (sourceId, { reconcile, signal }) =>
      runSync({ config, db, log: log.child({ source: sourceId }), sourceIds: [sourceId], reconcile, signal }),
  });
}
