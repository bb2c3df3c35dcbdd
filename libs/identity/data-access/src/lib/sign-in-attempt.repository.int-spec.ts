import { DataSource } from 'typeorm';
import { createDataSource, migrateSchema } from '@consentry/shared-database';
import { TestDatabase, startTestDatabase } from '@consentry/shared-testing';
import { IDENTITY_SCHEMA } from './account.entity';
import { identityMigrations } from './identity-init.migration';
import { SignInAttemptRepository } from './sign-in-attempt.repository';

describe('SignInAttemptRepository', () => {
  let db: TestDatabase;
  let source: DataSource;
  let attempts: SignInAttemptRepository;

  beforeAll(async () => {
    db = await startTestDatabase();
    await migrateSchema(db.url, { schema: IDENTITY_SCHEMA, migrations: identityMigrations });
    source = createDataSource({ url: db.url, poolSize: 8, schema: IDENTITY_SCHEMA, entities: [], migrationSets: [] });
    await source.initialize();
    attempts = new SignInAttemptRepository(source);
  });
  afterAll(async () => {
    await source?.destroy();
    await db?.stop();
  });

  it('gives each of many concurrent attempts its own number', async () => {
    const counted = await Promise.all(Array.from({ length: 20 }, () => attempts.count('burst', 60_000)));
    expect(counted.map((c) => c.attempts).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    for (const c of counted) expect(c.secondsLeft).toBeGreaterThanOrEqual(59);
  });

  it('starts again at 1 once the window has ended, and after clear', async () => {
    await attempts.count('ended', 60_000);
    await source.query(`UPDATE identity.sign_in_attempts SET window_started_at = now() - interval '61 seconds' WHERE login_key = 'ended'`);
    expect(await attempts.count('ended', 60_000)).toMatchObject({ attempts: 1, secondsLeft: 60 });
    expect((await attempts.count('ended', 60_000)).attempts).toBe(2);
    await attempts.clear('ended');
    expect((await attempts.count('ended', 60_000)).attempts).toBe(1);
  });

  it('takes back one attempt, and forgets the row with its last one', async () => {
    await attempts.count('busy', 60_000);
    await attempts.count('busy', 60_000);
    await attempts.uncount('busy');
    expect((await attempts.count('busy', 60_000)).attempts).toBe(2);
    await attempts.uncount('busy');
    await attempts.uncount('busy');
    expect(await source.query(`SELECT 1 FROM identity.sign_in_attempts WHERE login_key = 'busy'`)).toHaveLength(0);
    await attempts.uncount('busy');
    expect((await attempts.count('busy', 60_000)).attempts).toBe(1);
  });

  it('purges ended windows only', async () => {
    await attempts.count('old', 60_000);
    await attempts.count('fresh', 60_000);
    await source.query(`UPDATE identity.sign_in_attempts SET window_started_at = now() - interval '2 minutes' WHERE login_key = 'old'`);
    await attempts.purgeEnded(60_000);
    const keys = (await source.query(`SELECT login_key FROM identity.sign_in_attempts ORDER BY login_key`)).map((r: { login_key: string }) => r.login_key);
    expect(keys).toContain('fresh');
    expect(keys).not.toContain('old');
  });
});
