import { Processor, Queue, Worker, WorkerOptions, createPostgresBackend } from 'bullmq';
import IORedis from 'ioredis';

export type QueueBackendKind = 'redis' | 'postgres';

export interface QueueBackendConfig {
  /** When set, BullMQ runs on Redis. */
  redisUrl?: string;
  /** Otherwise BullMQ runs on its PostgreSQL backend, in the `bullmq` schema. */
  databaseUrl: string;
  /** Redis key prefix, to keep deployments (and test runs) on one Redis apart. */
  redisPrefix?: string;
}

export type WorkerSettings = Omit<WorkerOptions, 'connection' | 'prefix'>;

/** Creates BullMQ queues and workers on one backend; the rest of the code is backend-agnostic. */
export interface QueueBackend {
  kind: QueueBackendKind;
  createQueue(name: string): Queue;
  createWorker(name: string, processor: Processor, settings: WorkerSettings): Worker;
  /** Close connections this backend opened itself. */
  close(): Promise<void>;
}

export function createQueueBackend(config: QueueBackendConfig): QueueBackend {
  if (config.redisUrl) {
    // Workers hold their commands while Redis is away and carry on when it returns, as BullMQ
    // requires of them (maxRetriesPerRequest: null).
    const workers = new IORedis(config.redisUrl, { maxRetriesPerRequest: null });
    // Producers (adds, job states, removals, the readiness ping) fail at once while Redis is away
    // instead of waiting for its return: a request that enqueues (a policy decision's audit
    // event, a Stripe webhook) is answered at once rather than hanging for the outage, and a
    // relay's pass fails and is tried again on the next. One reconnection attempt is allowed for
    // a command already sent, so a blip does not fail it.
    const producers = new IORedis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    for (const connection of [workers, producers]) connection.on('error', () => undefined); // surfaced by readiness, not as a crash
    const prefix = config.redisPrefix ?? 'consentry';
    return {
      kind: 'redis',
      createQueue: (name) => new Queue(name, { connection: producers, prefix }),
      createWorker: (name, processor, settings) => new Worker(name, processor, { ...settings, connection: workers, prefix }),
      async close() {
        await Promise.all([workers, producers].map((connection) => connection.quit().catch(() => connection.disconnect())));
      },
    };
  }
  // The schema is fixed: the embedded database pins its session-wide search_path to it.
  const connection = { connectionString: config.databaseUrl, schema: 'bullmq', migrate: true, max: 5 };
  return {
    kind: 'postgres',
    createQueue: (name) => new Queue(name, { connection }, createPostgresBackend) as unknown as Queue,
    createWorker: (name, processor, settings) =>
      new Worker(name, processor, { ...settings, connection }, createPostgresBackend) as unknown as Worker,
    async close() {},
  };
}
