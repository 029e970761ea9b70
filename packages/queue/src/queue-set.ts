import type { Logger } from '@crm-bridge/core';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUE_NAMES, type QueueName } from './duty-jobs';
import { type RedisTarget, redisClient } from './redis-connection';

/** The worker's queues on one shared (non-blocking) connection. */
export interface QueueSet {
  readonly queues: Record<QueueName, Queue>;
  readonly client: Redis;
  readonly prefix: string;
  close(): Promise<void>;
}

/** Opens every duty queue under the environment's prefix; waits until Redis answers. */
export async function openQueues(target: RedisTarget, log: Pick<Logger, 'warn'>): Promise<QueueSet> {
  const client = redisClient(target, log);
  try {
    await client.ping();
  } catch (error) {
    client.disconnect();
    throw error;
  }
  const queues = Object.fromEntries(
    QUEUE_NAMES.map((name) => {
      const queue = new Queue(name, { connection: client, prefix: target.prefix });
      queue.on('error', (error: Error) => log.warn({ queue: name, error: error.message }, 'queue error'));
      return [name, queue];
    }),
  ) as Record<QueueName, Queue>;
  return {
    queues,
    client,
    prefix: target.prefix,
    async close() {
      await Promise.all(Object.values(queues).map((queue) => queue.close()));
      await client.quit().catch(() => client.disconnect());
    },
  };
}
