import { ConnectionOptions, QueueBaseOptions } from 'bullmq';
import { createPostgresBackend } from 'bullmq/dist/cjs/postgres';
import IORedis from 'ioredis';

export type QueueBackendKind = 'redis' | 'postgres';

export interface QueueBackendConfig {
  /** When set, BullMQ runs on Redis. */
  redisUrl?: string;
  /** Otherwise BullMQ runs on its PostgreSQL backend, in its own schema. */
  databaseUrl: string;
  /** Key prefix (Redis) or schema (PostgreSQL), to keep test runs and deployments apart. */
  prefix?: string;
}

/** What the BullMQ classes take: options plus, for PostgreSQL, the backend factory. */
export interface QueueBackend {
  kind: QueueBackendKind;
  options: QueueBaseOptions;
  factory?: typeof createPostgresBackend;
  /** Close connections this backend opened itself. */
  close(): Promise<void>;
}

export function createQueueBackend(config: QueueBackendConfig): QueueBackend {
  if (config.redisUrl) {
    const connection = new IORedis(config.redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
    connection.on('error', () => undefined); // reported through readiness, not as a crash
    return {
      kind: 'redis',
      options: { connection, prefix: config.prefix ?? 'consentry' },
      async close() {
        await connection.quit().catch(() => connection.disconnect());
      },
    };
  }
  const connection = {
    connectionString: config.databaseUrl,
    schema: config.prefix ?? 'bullmq',
    migrate: true,
    max: 5,
  } as unknown as ConnectionOptions;
  return { kind: 'postgres', options: { connection }, factory: createPostgresBackend, async close() {} };
}
