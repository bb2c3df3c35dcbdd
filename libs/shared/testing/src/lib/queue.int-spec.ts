import { setTimeout as sleep } from 'node:timers/promises';
import { AUDIT_DELIVERY_STALLS, QueueName, QueueService, auditDeliveryJob, createQueueBackend } from '@consentry/shared-queue';
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

  it('retries an audit-delivery job until the log takes it, past any fixed count, and keeps no copy once taken', async () => {
    let attempts = 0;
    const events = [{ eventId: '0b7e4a52-5a2f-4f0e-9d0c-1f1d3c1c2a01' }] as never[];
    queues.registerWorker(
      QueueName.AuditDelivery,
      {
        'ingest-events': async () => {
          // The log's database is away for the first dozen attempts.
          if (++attempts <= 12) throw new Error('connect ECONNREFUSED');
          return { appended: 1 };
        },
      },
      { removeOnComplete: { count: 0 }, removeOnFail: { age: 7 * 24 * 3600 }, ...AUDIT_DELIVERY_STALLS },
    );
    const job = await queues.add(QueueName.AuditDelivery, 'ingest-events', { events }, { ...auditDeliveryJob(20), jobId: 'audit-retry-test' });
    for (let i = 0; i < 600 && attempts < 13; i++) await sleep(50);
    expect(attempts).toBe(13);
    for (let i = 0; i < 100 && (await queues.queue(QueueName.AuditDelivery).getJob(job.id!)); i++) await sleep(50);
    expect(await queues.queue(QueueName.AuditDelivery).getJob(job.id!)).toBeUndefined();
  }, 60_000);

  it('refuses a second worker for the same queue', () => {
    expect(() => queues.registerWorker(QueueName.Diagnostics, { echo: async () => undefined })).toThrow(/already has a worker/);
  });
});
