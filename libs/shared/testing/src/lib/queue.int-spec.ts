import { setTimeout as sleep } from 'node:timers/promises';
import { QueueName, QueueService, createQueueBackend } from '@consentry/shared-queue';
import { TestDatabase, startTestDatabase, testQueueConfig } from './test-database';

describe(`QueueService on ${process.env['REDIS_URL'] ? 'Redis' : 'PostgreSQL'}`, () => {
  let db: TestDatabase;
  let queues: QueueService;

  beforeAll(async () => {
    db = await startTestDatabase();
    queues = new QueueService(createQueueBackend(testQueueConfig(db.url)));
  });
  afterAll(async () => {
    await queues.onModuleDestroy();
    await db.stop();
  });

  it('answers the readiness ping', async () => {
    await expect(queues.ping()).resolves.toBeUndefined();
  });

  it('delivers a typed job to its handler and retries a failure', async () => {
    const seen: string[] = [];
    let flakyAttempts = 0;
    queues.registerWorker(QueueName.Diagnostics, {
      echo: async (payload) => {
        if (payload.value === 'flaky' && ++flakyAttempts === 1) throw new Error('first attempt fails');
        seen.push(payload.value);
        return payload.value;
      },
    });
    await queues.add(QueueName.Diagnostics, 'echo', { value: 'hello' });
    await queues.add(QueueName.Diagnostics, 'echo', { value: 'flaky' }, { attempts: 3, backoff: { type: 'fixed', delay: 50 } });
    for (let i = 0; i < 200 && seen.length < 2; i++) await sleep(50);
    expect(seen.sort()).toEqual(['flaky', 'hello']);
    expect(flakyAttempts).toBe(2);
  });

  it('refuses a second worker for the same queue', () => {
    expect(() => queues.registerWorker(QueueName.Diagnostics, { echo: async () => undefined })).toThrow(/already has a worker/);
  });
});
