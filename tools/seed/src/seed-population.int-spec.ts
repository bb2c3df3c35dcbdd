import { Client } from 'pg';
import { startTestDatabase, TestDatabase } from '@consentry/shared-testing';
import { generateCitizen } from '@consentry/population-synthetic';
import { SeedProgress, seedPopulation } from './seed-population';

describe('seedPopulation (database)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await startTestDatabase();
  });

  afterAll(async () => {
    await db?.stop();
  });

  async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  it('migrates, loads every record with progress, and skips them all on a re-run', async () => {
    const progress: SeedProgress[] = [];
    const first = await seedPopulation({ url: db.url, count: 2500, seed: 5, batchSize: 300, onProgress: (p) => progress.push(p) });
    expect(first).toMatchObject({ inserted: 2500, skipped: 0 });
    expect(progress).toHaveLength(9);
    expect(progress.at(-1)).toMatchObject({ done: 2500, total: 2500, inserted: 2500, skipped: 0 });
    expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b));

    const again = await seedPopulation({ url: db.url, count: 3000, seed: 5, batchSize: 1000 });
    expect(again).toMatchObject({ inserted: 500, skipped: 2500 });

    const [{ count }] = await query<{ count: number }>('SELECT count(*)::int AS count FROM "population"."citizens"');
    expect(count).toBe(3000);
    const sample = generateCitizen(5, 2999);
    const [row] = await query<{ full_name: string }>('SELECT full_name FROM "population"."citizens" WHERE id_number = $1', [
      sample.idNumber,
    ]);
    expect(row.full_name).toBe(sample.fullName);
  });

  it('stops at a failed batch and rejects with the database error', async () => {
    await query('ALTER TABLE "population"."citizens" ADD CONSTRAINT "test_refuse_all" CHECK (false) NOT VALID');
    await expect(seedPopulation({ url: db.url, count: 4000, seed: 6, batchSize: 500 })).rejects.toThrow(/test_refuse_all/);
    await query('ALTER TABLE "population"."citizens" DROP CONSTRAINT "test_refuse_all"');
  });
});
