import { createHash } from 'node:crypto';
import os from 'node:os';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { NormalisedAuditEvent } from '@consentry/audit-domain';
import { AUDIT_SCHEMA, auditDatabase } from '@consentry/audit-data-access';
import { createDataSource, migrateSchema } from '@consentry/shared-database';
import { percentile } from './stats.util';

// Shared by the audit benchmarks: the machine report, latency lines, bench databases and a
// deterministic synthetic event stream (the same index always gives the same event).

export const fmt = (value: number, digits = 0) => value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export async function onServer<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, application_name: 'consentry-audit-bench' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export function serverUrlFrom(argument: string | undefined): string {
  const url = argument ?? process.env['DATABASE_URL'] ?? 'postgres://root@127.0.0.1:5432/postgres';
  if (!/^postgres(ql)?:\/\//.test(url)) throw new Error('the database URL must start with postgres://');
  return url;
}

export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Machine and server facts every benchmark prints before its figures. */
export async function describeMachine(serverUrl: string): Promise<string[]> {
  const settings = await onServer(serverUrl, async (c) => {
    const version = (await c.query('SELECT version() AS v')).rows[0].v as string;
    const names = ['synchronous_commit', 'fsync', 'wal_sync_method', 'shared_buffers', 'max_wal_size', 'work_mem', 'effective_cache_size'];
    const rows = (await c.query(`SELECT name, current_setting(name) AS value FROM pg_settings WHERE name = ANY($1) ORDER BY name`, [names])).rows as { name: string; value: string }[];
    return { version, settings: rows.map((r) => `${r.name}=${r.value}`).join(' ') };
  });
  const cpus = os.cpus();
  return [
    `machine   : ${cpus[0]?.model.trim()}, ${cpus.length} cores, ${fmt(os.totalmem() / 1024 / 1024)} MiB RAM, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`,
    `runtime   : Node ${process.version}, ${os.platform()} ${os.release()}`,
    `database  : ${settings.version}`,
    `pg config : ${settings.settings}`,
  ];
}

export function latencyLine(label: string, samplesMs: number[]): string {
  const s = [...samplesMs].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  return `${label.padEnd(34)} n=${fmt(s.length)}  mean ${fmt(mean, 3)} ms  p50 ${fmt(percentile(s, 50), 3)}  p95 ${fmt(percentile(s, 95), 3)}  p99 ${fmt(percentile(s, 99), 3)}  max ${fmt(s[s.length - 1], 3)} ms`;
}

/** Creates a database (dropping any of that name first when `fresh`), migrates the audit schema. */
export async function openAuditDatabase(serverUrl: string, name: string, fresh: boolean, poolSize = 4): Promise<{ url: string; source: DataSource }> {
  await onServer(serverUrl, async (c) => {
    if (fresh) await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    const exists = (await c.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name])).rowCount;
    if (!exists) await c.query(`CREATE DATABASE "${name}"`);
  });
  const url = databaseUrl(serverUrl, name);
  await migrateSchema(url, auditDatabase.migrationSet);
  const source = await createDataSource({ url, poolSize, schema: AUDIT_SCHEMA, entities: auditDatabase.entities, migrationSets: [] }).initialize();
  return { url, source };
}

export async function dropDatabase(serverUrl: string, name: string) {
  await onServer(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

const ORGANISATIONS = 200;
const PURPOSES = ['account-opening', 'loan-application', 'sim-registration', 'insurance-claim', 'hospital-admission', 'flight-check-in', 'notarisation', 'kyc-refresh', 'credit-scoring', 'employment-check'];
const FIELD_SETS = [['fullName', 'dateOfBirth'], ['fullName', 'dateOfBirth', 'sex'], ['permanentAddress'], ['fullName', 'idNumber', 'dateOfBirth', 'placeOfOrigin'], ['bloodGroup'], ['fullName']];
/** Citizens the synthetic accesses are spread over. */
export const BENCH_CITIZENS = 1_000_000;
const START = Date.parse('2026-01-01T00:00:00Z');
/** One access every 0.5 s: 10 million span about two months. */
const SPACING_MS = 500;

const digest = (text: string) => createHash('sha256').update(text).digest();

export function benchPseudonym(citizen: number): string {
  return digest(`bench-citizen:${citizen}`).toString('hex');
}

/**
 * Access number `i` of the synthetic log. Citizens are skewed (citizen = N * u^2): a few see
 * thousands of accesses, most a handful, as real usage is. No floats or clock reads.
 */
export function benchEvent(i: number): NormalisedAuditEvent {
  const h = digest(`bench-event:${i}`);
  const u = h.readUInt32BE(0) / 2 ** 32;
  const citizen = Math.floor(BENCH_CITIZENS * u * u);
  const org = h.readUInt16BE(4) % ORGANISATIONS;
  const purpose = PURPOSES[h[6] % PURPOSES.length];
  const fields = FIELD_SETS[h[7] % FIELD_SETS.length];
  const deny = h[8] < 20;
  const hex = h.toString('hex');
  return {
    eventId: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`,
    occurredAt: new Date(START + i * SPACING_MS).toISOString(),
    organisationId: `org-${String(org).padStart(4, '0')}`,
    operation: h[9] % 3 === 0 ? 'verify' : 'lookup',
    purpose,
    legalBasis: { kind: 'consent', consentId: `consent-${citizen}-${org}` },
    decision: deny ? 'deny' : 'allow',
    reasonCode: deny ? 'no-consent' : 'consent-valid',
    fields,
    fee: deny ? null : { product: 'lookup', amountVnd: String(1000 * fields.length), scheduleVersion: '2026-01' },
    requestId: `req-${i}`,
    citizenPseudonym: benchPseudonym(citizen),
    disclosureAfter: null,
    personal: null,
  };
}

export interface HttpRequestSpec {
  path: string;
  headers?: Record<string, string>;
}

/**
 * Closed-loop HTTP load with per-request timing (sub-millisecond, unlike autocannon's whole-
 * millisecond histogram): `concurrency` workers issue requests back to back for `durationMs`.
 */
export async function measureHttp(base: string, next: () => HttpRequestSpec, concurrency: number, durationMs: number) {
  const latencies: number[] = [];
  let failures = 0;
  const deadline = Date.now() + durationMs;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < deadline) {
        const spec = next();
        const t = process.hrtime.bigint();
        const res = await fetch(base + spec.path, { headers: spec.headers });
        await res.arrayBuffer();
        latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
        if (res.status !== 200) failures++;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { latencies, failures, perSecond: latencies.length / seconds };
}

interface AutocannonResult {
  requests: { average: number };
  latency: { p50: number; p99: number; average: number; max: number };
  non2xx: number;
  errors: number;
}

/** autocannon (the usual Node HTTP benchmark), for a second opinion on throughput. */
export async function runAutocannon(url: string, next: () => HttpRequestSpec, connections: number, seconds: number): Promise<string> {
  // autocannon ships no type declarations.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const autocannon = require('autocannon') as (options: object) => Promise<AutocannonResult>;
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    requests: [{ setupRequest: (request: object) => ({ ...request, ...next() }) }],
  });
  return `autocannon ${connections} connections ${seconds} s: ${fmt(result.requests.average)} req/s, latency p50 ${result.latency.p50} ms p99 ${result.latency.p99} ms max ${result.latency.max} ms (whole ms), non-2xx ${result.non2xx}, errors ${result.errors}`;
}
