import os from 'node:os';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
// The real seeder, run in this process so its memory is what is measured.
import { DEFAULT_BATCH_SIZE, ProgressReporter, seedPopulation } from '@consentry/seed';

/**
 * Seeding benchmark: loads N synthetic citizens into a fresh database on the server named by
 * DATABASE_URL (or --database-url), reports time, throughput and the peak memory of this
 * process, and drops the database again. Run:
 *   node -r ./tools/scripts/register.cjs tools/bench/src/seed-bench.ts [--count N] [--batch B] [--seed S]
 */

const GOAL_SECONDS = 300;
const GOAL_RSS_BYTES = 500 * 1024 * 1024;

const n = (value: number) => Math.round(value).toLocaleString('en-US');
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

function usage(message: string): never {
  process.stderr.write(`seed-bench: ${message}\nUsage: seed-bench [--count N] [--batch B] [--seed S] [--database-url URL]\n`);
  process.exit(2);
}

function options() {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2),
      options: { count: { type: 'string' }, batch: { type: 'string' }, seed: { type: 'string' }, 'database-url': { type: 'string' } },
    }) as { values: Record<string, string | undefined> });
  } catch (error) {
    usage((error as Error).message);
  }
  const int = (name: string, fallback: number, min: number) => {
    const raw = values[name];
    const value = raw === undefined ? fallback : /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(value) || value < min) usage(`--${name} must be a whole number of at least ${min}`);
    return value;
  };
  const url = values['database-url'] ?? process.env['DATABASE_URL'];
  if (!url) usage('--database-url is required: pass --database-url or set DATABASE_URL');
  try {
    if (!['postgres:', 'postgresql:'].includes(new URL(url).protocol)) throw new Error();
  } catch {
    usage(`${values['database-url'] ? '--database-url' : 'DATABASE_URL'} must be a URL starting with postgres:// or postgresql://`);
  }
  return { serverUrl: url, count: int('count', 1_000_000, 1), batchSize: int('batch', DEFAULT_BATCH_SIZE, 1), seed: int('seed', 42, 0) };
}

async function onServer<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, application_name: 'consentry-seed-bench' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Highest RSS seen, sampled every 100 ms; short peaks between samples show in maxRSS instead. */
function sampleRss() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  return { stop: () => (clearInterval(timer), Math.max(peak, process.memoryUsage().rss)) };
}

async function main(): Promise<void> {
  const { serverUrl, count, batchSize, seed } = options();
  const name = `bench_seed_${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}`;
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;

  const serverVersion = await onServer(serverUrl, async (c) => {
    await c.query(`CREATE DATABASE "${name}"`);
    return (await c.query<{ version: string }>('SELECT version()')).rows[0].version;
  });
  const drop = () => onServer(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  process.once('SIGINT', () => void drop().finally(() => process.exit(130)));

  try {
    const cpus = os.cpus();
    console.log('Seed benchmark');
    console.log(`machine   : ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ${mib(os.totalmem())} RAM, Node ${process.version}`);
    console.log(`database  : ${serverVersion}`);
    console.log(`settings  : count ${n(count)}, batch ${n(batchSize)}, seed ${seed}, database ${name} (dropped afterwards)`);

    const rss = sampleRss();
    const progress = new ProgressReporter(process.stderr);
    const result = await seedPopulation({ url: url.toString(), count, seed, batchSize, onProgress: (p) => progress.update(p) });
    progress.finish();
    const peakRss = rss.stop();
    const maxRss = process.resourceUsage().maxRSS * 1024;

    const [rows, size] = await onServer(url.toString(), async (c) => {
      const r = await c.query<{ rows: number; size: string }>(
        `SELECT count(*)::int AS rows, pg_size_pretty(pg_total_relation_size('"population"."citizens"')) AS size FROM "population"."citizens"`,
      );
      return [r.rows[0].rows, r.rows[0].size] as const;
    });
    console.log(`elapsed   : ${result.seconds.toFixed(1)} s (migrations, generation and load)`);
    console.log(`rate      : ${n(count / result.seconds)} rows/s`);
    console.log(`rows      : ${n(result.inserted)} inserted, ${n(result.skipped)} skipped; table holds ${n(rows)} rows, ${size} with indexes`);
    console.log(`peak RSS  : ${mib(peakRss)} (sampled every 100 ms); maxRSS ${mib(maxRss)} (process.resourceUsage)`);
    const fast = result.seconds < GOAL_SECONDS;
    const lean = Math.max(peakRss, maxRss) < GOAL_RSS_BYTES;
    console.log(`goal      : under 5 min ${fast ? 'met' : 'MISSED'}; under 500 MB ${lean ? 'met' : 'MISSED'}`);
    if (rows !== count) throw new Error(`expected ${count} rows, found ${rows}`);
  } finally {
    await drop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`\nseed-bench: failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
