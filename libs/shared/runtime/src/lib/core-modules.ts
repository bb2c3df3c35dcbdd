import { DynamicModule } from '@nestjs/common';
import { AuthModule } from '@consentry/shared-auth';
import { DatabaseModule, DatabaseOptions } from '@consentry/shared-database';
import { ObservabilityModule } from '@consentry/shared-observability';
import { QueueModule } from '@consentry/shared-queue';
import type { ServiceEnv } from './service-spec';

/** The runtime every service has: health and metrics, its database schema, the queue, auth. */
export function coreModules(
  name: string,
  env: ServiceEnv,
  database: Pick<DatabaseOptions, 'schema' | 'entities' | 'migrationSets' | 'genericPlans'>,
): DynamicModule[] {
  return [
    ObservabilityModule.forService(name),
    DatabaseModule.forService({ url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE, ...database }),
    QueueModule.forService({ databaseUrl: env.DATABASE_URL, redisUrl: env.REDIS_URL, redisPrefix: env.QUEUE_PREFIX }),
    AuthModule.forService(env.AUTH_TOKEN_SECRET),
  ];
}
