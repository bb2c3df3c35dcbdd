import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { migrateSchema } from '@consentry/shared-database';
import { startTestDatabase, TestDatabase } from '@consentry/shared-testing';
import { CitizenRecord } from '@consentry/population-domain';
import { generateCitizens } from '@consentry/population-synthetic';
import { CitizenReader } from './citizen-reader.repository';
import { CitizenRecordEntity } from './citizen-record.entity';
import { insertCitizens } from './insert-citizens.util';
import { populationMigrations } from './population-init.migration';
import { POPULATION_SCHEMA } from './population-schema.constant';

describe('population.citizens (database)', () => {
  let db: TestDatabase;
  let client: Client;
  let dataSource: DataSource;
  let reader: CitizenReader;
  const records: CitizenRecord[] = [...generateCitizens({ seed: 11, count: 600, batchSize: 600 })][0];

  beforeAll(async () => {
    db = await startTestDatabase();
    await expect(migrateSchema(db.url, { schema: POPULATION_SCHEMA, migrations: populationMigrations })).resolves.toEqual([
      'PopulationInit1732400000000',
    ]);
    client = new Client({ connectionString: db.url });
    await client.connect();
    dataSource = await new DataSource({
      type: 'postgres',
      url: db.url,
      entities: [CitizenRecordEntity],
      synchronize: false,
      extra: { max: 2 },
    }).initialize();
    reader = new CitizenReader(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await client?.end();
    await db?.stop();
  });

  it('migrates once: a second run applies nothing', async () => {
    await expect(migrateSchema(db.url, { schema: POPULATION_SCHEMA, migrations: populationMigrations })).resolves.toEqual([]);
  });

  it('inserts a batch in one statement and skips it on a re-run', async () => {
    await expect(insertCitizens(client, records.slice(0, 400))).resolves.toBe(400);
    // Overlapping batch: the 200 new ones go in, the 200 known ones are skipped.
    await expect(insertCitizens(client, records.slice(200))).resolves.toBe(200);
    await expect(insertCitizens(dataSource, records)).resolves.toBe(0);
    await expect(reader.count()).resolves.toBe(600);
  });

  it('reads back exactly what was written, diacritics, nulls and dates included', async () => {
    for (const record of [records[0], records[299], records[599]]) {
      await expect(reader.findByIdNumber(record.idNumber)).resolves.toEqual(record);
    }
    const withNulls = records.find((r) => r.spouseName === null && r.eidLevel === null);
    if (withNulls) await expect(reader.findByIdNumber(withNulls.idNumber)).resolves.toEqual(withNulls);
  });

  it('answers null for an unknown or malformed number', async () => {
    const known = new Set(records.map((r) => r.idNumber));
    const unknown = ['001000000000', '001000000001', '001000000002'].find((n) => !known.has(n)) as string;
    await expect(reader.findByIdNumber(unknown)).resolves.toBeNull();
    await expect(reader.findByIdNumber("1' OR '1'='1")).resolves.toBeNull();
    await expect(reader.findByIdNumber('')).resolves.toBeNull();
  });

  it('reads many in one statement: one answer per number, in order, the same as one by one', async () => {
    const known = new Set(records.map((r) => r.idNumber));
    const unknown = ['002000000000', '002000000001'].find((n) => !known.has(n)) as string;
    const asked = [records[7].idNumber, unknown, records[599].idNumber, 'not-a-number', records[7].idNumber, records[0].idNumber];
    const many = await reader.findManyByIdNumbers(asked);
    expect(many).toEqual([records[7], null, records[599], null, records[7], records[0]]);
    expect(many).toEqual(await Promise.all(asked.map((id) => reader.findByIdNumber(id))));
    await expect(reader.findManyByIdNumbers(['', "1' OR '1'='1"])).resolves.toEqual([null, null]);
    await expect(reader.findManyByIdNumbers([])).resolves.toEqual([]);
  });

  it('looks up by the unique index', async () => {
    await client.query('ANALYZE "population"."citizens"');
    const plan = await client.query(`EXPLAIN SELECT * FROM "population"."citizens" WHERE "id_number" = $1`, [records[5].idNumber]);
    expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('citizens_id_number_key');
    // The many-numbers read too: compared as text instead of character(12), it would scan the table.
    await client.query('SET plan_cache_mode = force_generic_plan');
    await client.query(`PREPARE many AS SELECT * FROM "population"."citizens" WHERE id_number = ANY($1::bpchar[])`);
    const many = await client.query(`EXPLAIN EXECUTE many('{${records[5].idNumber},${records[6].idNumber}}')`);
    expect(many.rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('citizens_id_number_key');
    await client.query('DEALLOCATE many');
    await client.query('RESET plan_cache_mode');
  });

  it('refuses rows the table constraints forbid', async () => {
    await expect(insertCitizens(client, [{ ...records[0], idNumber: '00109000000x' }])).rejects.toThrow(/citizens_id_number_check/);
    await expect(insertCitizens(client, [{ ...records[0], idNumber: '001090999999', eidLevel: 3 as 1 }])).rejects.toThrow(
      /citizens_eid_level_check/,
    );
  });
});
