import { Pool } from 'pg';
import { migrateSchema } from '@consentry/shared-database';
import { POPULATION_SCHEMA, insertCitizens, populationMigrations } from '@consentry/population-data-access';
import { generateCitizens } from '@consentry/population-synthetic';

export interface SeedProgress {
  /** Records generated and written (inserted or skipped) so far. */
  done: number;
  total: number;
  inserted: number;
  skipped: number;
  elapsedMs: number;
}

export interface SeedPopulationOptions {
  url: string;
  count: number;
  seed: number;
  batchSize: number;
  onProgress?: (progress: SeedProgress) => void;
}

export interface SeedResult {
  inserted: number;
  /** Already present (same seed seeded before), left as they were. */
  skipped: number;
  seconds: number;
}

/**
 * Two connections and two batches in flight: while PostgreSQL writes one batch the next is
 * sent and a third generated, which keeps both this process and the server busy, and memory
 * stays at about three batches whatever the count.
 */
const CONNECTIONS = 2;
const BATCHES_IN_FLIGHT = 2;

/**
 * Applies the population migrations, then loads `count` synthetic citizens grown from `seed`.
 * Idempotent: citizens already present are counted as skipped, so an interrupted run can
 * simply be started again.
 */
export async function seedPopulation(options: SeedPopulationOptions): Promise<SeedResult> {
  const { url, count, seed, batchSize, onProgress } = options;
  const started = performance.now();
  await migrateSchema(url, { schema: POPULATION_SCHEMA, migrations: populationMigrations });

  const pool = new Pool({ connectionString: url, max: CONNECTIONS, application_name: 'consentry-seed' });
  // An idle client dropped by the server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  let done = 0;
  let inserted = 0;
  let failure: unknown;
  const inFlight = new Set<Promise<void>>();
  try {
    for (const batch of generateCitizens({ seed, count, batchSize })) {
      if (failure !== undefined) break;
      const write: Promise<void> = insertCitizens(pool, batch)
        .then((rows) => {
          done += batch.length;
          inserted += rows;
          onProgress?.({ done, total: count, inserted, skipped: done - inserted, elapsedMs: performance.now() - started });
        })
        .catch((error: unknown) => {
          failure ??= error;
        })
        .finally(() => inFlight.delete(write));
      inFlight.add(write);
      if (inFlight.size >= BATCHES_IN_FLIGHT) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    if (failure !== undefined) throw failure;
  } finally {
    await pool.end();
  }
  return { inserted, skipped: done - inserted, seconds: (performance.now() - started) / 1000 };
}
