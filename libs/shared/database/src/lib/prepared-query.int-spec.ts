import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createDataSource } from './database.module';
import { EmbeddedPostgres, startEmbeddedPostgres } from './embedded-postgres';
import { queryPrepared } from './prepared-query';

describe(`queryPrepared on ${process.env['DATABASE_URL'] ? 'PostgreSQL' : 'PGlite'}`, () => {
  let embedded: EmbeddedPostgres | undefined;
  let ds: DataSource;
  let url: string;
  const table = `prepared_${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    url = process.env['DATABASE_URL'] ?? '';
    if (!url) {
      embedded = await startEmbeddedPostgres();
      url = embedded.url;
    }
    ds = await new DataSource({ type: 'postgres', url, extra: { max: 2 } }).initialize();
    await ds.query(`CREATE TABLE ${table} (id int PRIMARY KEY, label text NOT NULL)`);
  });
  afterAll(async () => {
    await ds?.query(`DROP TABLE IF EXISTS ${table}`);
    await ds?.destroy();
    await embedded?.stop();
  });

  it('plans prepared statements once per connection when a service asks for generic plans (a real server; the embedded one has one shared session)', async () => {
    const generic = await createDataSource({ url, poolSize: 3, schema: 'public', entities: [], migrationSets: [], genericPlans: true }).initialize();
    try {
      const modes = await Promise.all(Array.from({ length: 3 }, () => generic.query(`SELECT current_setting('plan_cache_mode') AS mode, pg_sleep(0.05)::text`)));
      expect(modes.map((m) => m[0].mode)).toEqual(Array(3).fill(embedded ? 'auto' : 'force_generic_plan'));
      expect((await ds.query(`SELECT current_setting('plan_cache_mode') AS mode`))[0].mode).toBe('auto');
    } finally {
      await generic.destroy();
    }
  });

  it('runs a named statement on the pool, with parameters, as a prepared statement', async () => {
    await ds.query(`INSERT INTO ${table} VALUES (1, 'one'), (2, 'two')`);
    const read = `SELECT label FROM ${table} WHERE id = $1`;
    expect(await queryPrepared(ds, 'test_read', read, [2])).toEqual([{ label: 'two' }]);
    expect(await queryPrepared(ds, 'test_read', read, [1])).toEqual([{ label: 'one' }]);
    // Another text under the same name gets a name of its own (pg refuses one name for two texts).
    expect(await queryPrepared(ds, 'test_read', `SELECT count(*)::int AS n FROM ${table} WHERE id >= $1`, [1])).toEqual([{ n: 2 }]);
  });

  it("runs on a transaction's own connection, where the statement is prepared", async () => {
    const seen = await ds.transaction(async (manager) => {
      await manager.query(`INSERT INTO ${table} VALUES (3, 'three')`);
      const rows = await queryPrepared<{ label: string }>(manager, 'test_in_tx', `SELECT label FROM ${table} WHERE id = $1 AND label <> ''`, [3]);
      const prepared: { name: string }[] = await manager.query(`SELECT name FROM pg_prepared_statements WHERE name LIKE '%test_in_tx%'`);
      return { rows, prepared: prepared.length };
    });
    // Only the transaction's connection sees its uncommitted row: the statement ran there.
    expect(seen).toEqual({ rows: [{ label: 'three' }], prepared: 1 });
  });

  it("reports PostgreSQL's error code, which the problem filter maps", async () => {
    await expect(queryPrepared(ds, 'test_dup', `INSERT INTO ${table} VALUES ($1, 'again')`, [1])).rejects.toMatchObject({ code: '23505' });
  });
});
