import { createHash } from 'node:crypto';
import { DataSource, MigrationExecutor, MixedList } from 'typeorm';

/** The migrations of one schema. Each schema keeps its own `migrations` table. */
export interface MigrationSet {
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
}

/** A stable 64-bit advisory-lock key per schema, so replicas never migrate one schema at once. */
export function advisoryLockKey(schema: string): string {
  const hex = createHash('sha256').update('migrate:' + schema).digest('hex').slice(0, 16);
  return BigInt.asIntN(64, BigInt('0x' + hex)).toString();
}

/**
 * Applies a schema's pending migrations under a session advisory lock, on a short-lived
 * connection, and returns the names of those applied.
 */
export async function migrateSchema(url: string, set: MigrationSet): Promise<string[]> {
  const dataSource = await new DataSource({
    type: 'postgres',
    url,
    schema: set.schema,
    migrations: set.migrations,
    migrationsTableName: 'migrations',
    extra: { max: 1 },
  }).initialize();
  const runner = dataSource.createQueryRunner();
  const key = advisoryLockKey(set.schema);
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock($1::bigint)', [key]);
    await runner.query(`CREATE SCHEMA IF NOT EXISTS "${set.schema}"`);
    // On the connection that holds the lock: a pool of one would otherwise wait for itself.
    const executor = new MigrationExecutor(dataSource, runner);
    executor.transaction = 'each';
    const applied = await executor.executePendingMigrations();
    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1::bigint)', [key]).catch(() => undefined);
    await runner.release();
    await dataSource.destroy();
  }
}
