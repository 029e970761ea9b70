import { queueConfig, testRedis, until, useQueueDb, useWorkers } from './queue-fixture.test-support';

const db = useQueueDb('postgres');
const startWorker = useWorkers();

describe('a worker without chat senders', () => {
  it('keeps the chat scheduler that a worker with chat senders owns', async () => {
    const redis = testRedis();
    await startWorker(db(), redis, { chat: true, intervals: { chatMs: 60_000 } });
    const without = await startWorker(db(), redis, { chat: false, config: queueConfig() });
    await without.reconcile();
    const ids = (await without.queues.chat.getJobSchedulers(0, -1)).map((s) => s.key);
    expect(ids).toEqual(['chat-drain']);
  });

  it('fails a job with bad data at once, without retries', async () => {
    const redis = testRedis();
    const worker = await startWorker(db(), redis);
    const job = await worker.queues.sla.add('bad', { duty: 'sla', extra: 1 }, { attempts: 5 });
    const failed = await until(async () => (await job.getState()) === 'failed');
    expect(failed).toBe(true);
    const [again] = await worker.queues.sla.getJobs(['failed']);
    expect(again?.attemptsMade).toBe(1);
  });
});
