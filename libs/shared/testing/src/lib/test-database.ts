import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '@consentry/shared-database';

export interface TestDatabase {
  /** URL of a fresh, empty database for this test file alone. */
  url: string;
  /** True when this is the in-process PGlite, false on a real PostgreSQL server. */
  embedded: boolean;
  stop(): Promise<void>;
}

/**
 * A fresh database per test file: a new database on the real server named by DATABASE_URL
 * (as CI runs), or an in-memory PGlite behind a socket on a fresh machine.
 */
export async function startTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env['DATABASE_URL'];
  if (!serverUrl) {
    const embedded = await startEmbeddedPostgres();
    return { url: embedded.url, embedded: true, stop: () => embedded.stop() };
  }
  const name = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await withClient(serverUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = '/' + name;
  return {
    url: url.toString(),
    embedded: false,
    stop: () => withClient(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

/** Queue settings for tests: Redis when REDIS_URL is set (with a unique key prefix), else PostgreSQL. */
export function testQueueConfig(databaseUrl: string) {
  return {
    databaseUrl,
    redisUrl: process.env['REDIS_URL'] || undefined,
    redisPrefix: `t${randomBytes(4).toString('hex')}`,
  };
}

/** Runs one statement on a connection of its own and answers its rows: a test's look at, or nudge to, the database. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows of any query, as pg answers them
export async function sqlOn(url: string, text: string, params: unknown[] = []): Promise<any[]> {
  return withClient(url, async (client) => (await client.query(text, params)).rows);
}

async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
