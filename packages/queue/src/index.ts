/** @crm-bridge/queue: the background duties, on BullMQ workers or on in-process timers. */

export { createDuties, type Duties, type DutyDeps, type SyncRunner } from './duties';
export {
  DutyJob,
  parseReminderJobId,
  QUEUE_NAMES,
  type QueueName,
  queueOf,
  reminderJobId,
} from './duty-jobs';
export {
  type DutyIntervals,
  defaultDutyIntervals,
  dutySchedules,
  type Repeat,
  type ScheduledDuty,
} from './duty-schedules';
export {
  type EmbeddedDuties,
  type EmbeddedDutiesOptions,
  nextDelay,
  startEmbeddedDuties,
} from './embedded-duties';
export { type QueueHealth, queueHealth, queueHealthLines, registerQueueMetrics } from './queue-health';
export { openQueues, type QueueSet } from './queue-set';
export {
  type QueueWorker,
  type QueueWorkerOptions,
  type ReconcileResult,
  startQueueWorker,
} from './queue-worker';
export { checkRedisSettings, type RedisTarget, redactRedisUrl, redisClient } from './redis-connection';
export { DEFAULT_REMINDER_WINDOW_MS, enqueueDueReminders, removeOrphanReminderJobs } from './reminder-jobs';
