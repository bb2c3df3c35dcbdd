import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import Redis from 'ioredis';
import { Client } from 'pg';
import { insertCitizens } from '@consentry/population-feature';
import { generateCitizen } from '@consentry/population-synthetic';
import { AccessTokens, generateApiKey, pseudonymFor } from '@consentry/shared-auth';
import { median } from './stats.util';

/**
 * Gateway benchmark: verifications with consent, policy, charge and audit all on, against the
 * gateway process on PostgreSQL and Redis; in the same run, a baseline server that only reads
 * the citizen row (the floor). Prints machine, settings, throughput, latency and gateway RSS.
 *
 *   DATABASE_URL=postgres://root@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379 \
 *     node -r ./tools/scripts/register.cjs tools/bench/src/gateway-bench.ts [--seconds 20] [--connections 32] [--organisations 1] [--rounds 1]
 */
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '20' },
    connections: { type: 'string', default: '32' },
    citizens: { type: 'string', default: '100000' },
    consented: { type: 'string', default: '2000' },
    // Organisations sharing the load (each its own key, licence, balance and consents).
    organisations: { type: 'string', default: '1' },
    // Writes a V8 CPU profile of the gateway process into this folder (open it in Chrome DevTools).
    'profile-dir': { type: 'string' },
    // Runs the services from dist/ (`npm run build`: compiled ahead of time) instead of compiling
    // TypeScript in the process with the register hook, as a deployment would.
    compiled: { type: 'boolean', default: false },
    // Extra node flags for the gateway process, space-separated (e.g. "--max-old-space-size=160").
    'gateway-node-flags': { type: 'string', default: '' },
    // Group commit (ADR 0006): records per statement (1 = each request on its own) and statements at once.
    'batch-max': { type: 'string', default: '32' },
    'batches-in-flight': { type: 'string', default: '1' },
    // The gateway's LOG_LEVEL; at info it writes one access-log line per request (to /dev/null here).
    'log-level': { type: 'string', default: 'warn' },
    // The audit relay's pass interval (AUDIT_RELAY_INTERVAL_MS); 60000 all but stops it, to measure
    // its share (the outbox then only grows).
    'relay-interval-ms': { type: 'string', default: '200' },
    // Measured rounds, each a gateway run then a baseline run. On a shared machine the baseline
    // itself moves by 10-30 % between runs; the ratio within a round is steadier, and the summary
    // takes medians.
    rounds: { type: 'string', default: '1' },
    // Leaves the bench database for inspection instead of dropping it.
    keep: { type: 'boolean', default: false },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--rounds: a whole number, at least 1');
const ROOT = path.resolve(__dirname, '../../..');
const SECRETS = { AUTH_TOKEN_SECRET: 'bench-token-secret-0123456789abcdef0123456789', PSEUDONYM_KEY: 'bench-pseudonym-key-0123456789abcdef012345678' };

function spawnTs(entry: string, env: Record<string, string | undefined>, nodeFlags: string[] = []): ChildProcess {
  const compiled = values.compiled && !entry.startsWith('tools/');
  const args = compiled ? [path.join(ROOT, 'dist', entry.replace(/\.ts$/, '.js'))] : ['-r', path.join(ROOT, 'tools/scripts/register.cjs'), path.join(ROOT, entry)];
  return spawn(process.execPath, [...nodeFlags, ...args], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'], HOME: process.env['HOME'], ...env } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function waitReady(url: string) {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`not ready: ${url}`);
}

/** User + system CPU time of a process so far, in milliseconds (from /proc; clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** CPU time so far of each process running `command` (e.g. every PostgreSQL backend), in milliseconds by pid. */
function cpuMsOf(command: string): Map<number, number> {
  const byPid = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === command) byPid.set(Number(entry), cpuMs(Number(entry)));
    } catch {
      // the process ended while being read
    }
  }
  return byPid;
}

/**
 * CPU used between two readings by the processes alive at the second. A process that ended
 * between them (an idle pooled connection closed) takes its CPU with it; summing totals instead
 * would count that as negative time.
 */
function cpuMsBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

/** Numeric fields of /proc/<pid>/status, read at once. */
function procStatus(pid: number, ...names: string[]): number[] {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return names.map((name) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)![1]));
}

/**
 * A process's context switches so far: voluntary (it waited, e.g. for I/O) and involuntary (the
 * kernel took its core, e.g. for a PostgreSQL backend its write had just woken).
 */
function switchesOf(pid: number): { voluntary: number; involuntary: number } {
  const [voluntary, involuntary] = procStatus(pid, 'voluntary_ctxt_switches', 'nonvoluntary_ctxt_switches');
  return { voluntary, involuntary };
}

function rssMiB(pid: number): number {
  return procStatus(pid, 'VmRSS')[0] / 1024;
}

interface Call {
  body: string;
  authorization?: string;
}

/** Transactions committed in the bench database so far (each statement outside a transaction is one). */
let commits: () => Promise<number> = async () => 0;

async function run(name: string, url: string, calls: Call[], pid?: number) {
  let peak = 0;
  const commitsBefore = await commits();
  const cpuBefore = pid ? cpuMs(pid) : 0;
  const switchesBefore = pid ? switchesOf(pid) : undefined;
  const others = () => ({ postgres: cpuMsOf('postgres'), redis: cpuMsOf('redis-server'), load: process.cpuUsage() });
  const othersBefore = others();
  const sampler = pid ? setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 200) : undefined;
  let i = 0;
  const result = await autocannon({
    url,
    method: 'POST',
    connections,
    duration: seconds,
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (req) => {
          const call = calls[i++ % calls.length];
          return { ...req, body: call.body, headers: { ...req.headers, ...(call.authorization ? { authorization: call.authorization } : {}) } };
        },
      },
    ],
  });
  clearInterval(sampler);
  const ok = result['2xx'];
  const requests = Math.max(1, ok + result.non2xx);
  const cpuPerRequest = pid ? (cpuMs(pid) - cpuBefore) / requests : 0;
  const switchesAfter = pid ? switchesOf(pid) : undefined;
  const othersAfter = others();
  const loadMs = (othersAfter.load.user + othersAfter.load.system - othersBefore.load.user - othersBefore.load.system) / 1000;
  console.log(
    `${name.padEnd(26)} ${(ok / seconds).toFixed(0).padStart(6)} ok/s   p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms  ` +
      `non-2xx ${result.non2xx}  errors ${result.errors}${pid ? `  peak RSS ${peak.toFixed(0)} MiB  gateway CPU ${cpuPerRequest.toFixed(2)} ms/request` : ''}`,
  );
  const postgresMs = cpuMsBetween(othersBefore.postgres, othersAfter.postgres) / requests;
  // A PostgreSQL 15 backend reports its last second of commits only once idle for 10 s: wait for
  // them, or they would count in the next run (seen: 1.00 transactions per request instead of 0.68
  // in a gateway run after a baseline run).
  await new Promise((r) => setTimeout(r, 11_000));
  console.log(
    `${''.padEnd(26)} CPU per request: PostgreSQL ${postgresMs.toFixed(2)} ms, Redis ${(cpuMsBetween(othersBefore.redis, othersAfter.redis) / requests).toFixed(2)} ms, load generator ${(loadMs / requests).toFixed(2)} ms; ` +
      `PostgreSQL transactions per request ${(((await commits()) - commitsBefore) / requests).toFixed(2)}`,
  );
  if (switchesBefore && switchesAfter) {
    const per = (n: number) => (n / requests).toFixed(2);
    console.log(
      `${''.padEnd(26)} gateway context switches per request: voluntary ${per(switchesAfter.voluntary - switchesBefore.voluntary)}, involuntary ${per(switchesAfter.involuntary - switchesBefore.involuntary)}`,
    );
  }
  return { okPerSecond: ok / seconds, p99: result.latency.p99, peak, postgresMs };
}

/** The gateway's group-commit counters since it started (warm-up included), from its /metrics. */
async function groupCommit(): Promise<string> {
  const text = await (await fetch('http://127.0.0.1:13398/metrics')).text();
  const value = (name: string, label: string) => Number(new RegExp(`^${name}\\{${label}[^}]*\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
  const batched = value('gateway_record_writes_total', 'how="batched"');
  const alone = value('gateway_record_writes_total', 'how="alone"');
  const statements = value('gateway_record_batches_total', 'outcome="committed"');
  return (
    `group commit: ${batched.toLocaleString('en')} of ${(batched + alone).toLocaleString('en')} records in ${statements.toLocaleString('en')} batch statements ` +
    `(${(batched / Math.max(1, statements)).toFixed(1)} each), ${value('gateway_record_writes_total', 'how="busy"')} busy, ` +
    `${value('gateway_record_batches_total', 'outcome="failed"')} failed batches (since start)`
  );
}

async function main() {
  const serverUrl = process.env['DATABASE_URL'];
  const redisUrl = process.env['REDIS_URL'];
  if (!serverUrl || !redisUrl) throw new Error('set DATABASE_URL (a PostgreSQL server) and REDIS_URL');
  const dbName = `bench_gateway_${Date.now()}`;
  // The services' queue keys in Redis, deleted afterwards (nothing consumes the audit queue here).
  const queuePrefix = `bench${Date.now()}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(serverUrl);
  url.pathname = '/' + dbName;
  const databaseUrl = url.toString();
  const children: ChildProcess[] = [];
  try {
    const pg = (await admin.query('SHOW server_version')).rows[0].server_version;
    const autovacuum = (await admin.query('SHOW autovacuum')).rows[0].autovacuum;
    console.log('Gateway benchmark');
    console.log(`machine   ${os.cpus()[0].model}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}, PostgreSQL ${pg} (autovacuum ${autovacuum}), Redis ${redisUrl}`);
    console.log(`settings  ${seconds} s per run, ${rounds} measured round(s), ${connections} connections, ${values.citizens} citizens, ${values.consented} with consent, ${values.organisations} organisation(s), services ${values.compiled ? 'compiled ahead of time (dist/)' : 'compiled in process (register hook)'}, group commit up to ${values['batch-max']} records per statement, ${values['batches-in-flight']} statements at once, gateway log level ${values['log-level']}, audit relay every ${values['relay-interval-ms']} ms${values['gateway-node-flags'] ? `, gateway node flags ${values['gateway-node-flags']}` : ''}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);

    const gateway = spawnTs('apps/query-gateway/src/main.ts', {
      DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, QUEUE_PREFIX: queuePrefix, ...SECRETS, QUERY_GATEWAY_PORT: '13398', LOG_LEVEL: values['log-level'], AUDIT_RELAY_INTERVAL_MS: values['relay-interval-ms'],
      DATABASE_POOL_SIZE: '16', RATE_LIMIT_PER_ORGANISATION: '1000000', RATE_LIMIT_PER_KEY: '1000000',
      GATEWAY_RECORD_BATCH_MAX: values['batch-max'], GATEWAY_RECORD_BATCHES_IN_FLIGHT: values['batches-in-flight'],
    }, [...(values['profile-dir'] ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(values['profile-dir'])}`] : []), ...(values['gateway-node-flags'] ?? '').split(' ').filter(Boolean)]);
    const consent = spawnTs('apps/consent-registry/src/main.ts', { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, QUEUE_PREFIX: queuePrefix, ...SECRETS, CONSENT_REGISTRY_PORT: '13397', LOG_LEVEL: 'warn' });
    const policy = spawnTs('apps/policy-engine/src/main.ts', { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, QUEUE_PREFIX: queuePrefix, ...SECRETS, POLICY_ENGINE_PORT: '13396', LOG_LEVEL: 'warn' });
    children.push(gateway, consent, policy);
    await waitReady('http://127.0.0.1:13398/health/ready');
    await waitReady('http://127.0.0.1:13397/health/ready');
    await waitReady('http://127.0.0.1:13396/health/ready');

    // Data: citizens; organisations, each with a key, a licence, consents and a prepaid balance.
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    const count = Number(values.citizens);
    const citizens = [];
    for (let start = 0; start < count; start += 5000) {
      const batch = Array.from({ length: Math.min(5000, count - start) }, (_, k) => generateCitizen(99, start + k));
      await insertCitizens(db, batch);
      if (start < Number(values.consented)) citizens.push(...batch);
    }
    const consentedCitizens = citizens.slice(0, Number(values.consented));
    const operator = new AccessTokens(SECRETS.AUTH_TOKEN_SECRET).issue({ accountId: '00000000-0000-0000-0000-000000000001', role: 'operator' }).token;
    const post = (u: string, body: unknown, token = operator) =>
      fetch(u, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await post('http://127.0.0.1:13397/v1/purposes', { code: 'account-opening', title: 'Open a bank account', description: 'KYC', legalText: 'Law on Credit Institutions' });
    const organisations: { id: string; key: string }[] = [];
    for (let n = 0; n < Number(values.organisations); n++) {
      const [org] = (await db.query(`INSERT INTO identity.organisations (name, kind) VALUES ($1, 'enterprise') RETURNING id`, [`Bench Bank ${n + 1}`])).rows;
      const key = generateApiKey();
      await db.query(`INSERT INTO identity.api_keys (organisation_id, prefix, key_hash, scopes, label) VALUES ($1, $2, $3, $4, 'bench')`, [org.id, key.prefix, key.hash, ['verify']]);
      const licence = await post('http://127.0.0.1:13396/v1/licences', {
        organisationId: org.id, organisationKind: 'enterprise', legalBasis: 'consent', legalReference: 'contract',
        grants: [{ purposeCode: 'account-opening', operations: ['verify'], fields: ['fullName', 'dateOfBirth'] }],
        validFrom: new Date(Date.now() - 60_000).toISOString(), validTo: new Date(Date.now() + 86_400_000).toISOString(),
      });
      if (licence.status !== 201) throw new Error(`licence: ${licence.status}`);
      await post(`http://127.0.0.1:13398/v1/metering/organisations/${org.id}/top-ups`, { amountVnd: '100000000000', reference: `bench-${n}` });
      organisations.push({ id: org.id, key: key.key });
    }
    const organisationOf = (i: number) => organisations[i % organisations.length];
    // Consents written through the registry's API would take minutes for thousands; the bench
    // writes the registry's rows directly (a request and an approval each).
    for (const [i, c] of consentedCitizens.entries()) {
      const id = crypto.randomUUID();
      await db.query(
        `INSERT INTO consent.consents (id, citizen_pseudonym, organisation_id, purpose_code, fields, operations, valid_from, valid_to, data_life_days, request_expires_at, created_at)
         VALUES ($1, $2, $3, 'account-opening', ARRAY['fullName','dateOfBirth'], ARRAY['verify'], now() - interval '1 day', now() + interval '1 day', 1, now() + interval '1 day', now())`,
        [id, pseudonymFor(SECRETS.PSEUDONYM_KEY, c.idNumber), organisationOf(i).id],
      );
      for (const [seq, action, from, to] of [[1, 'request', null, 'PENDING'], [2, 'approve', 'PENDING', 'ACTIVE']] as const) {
        await db.query(
          `INSERT INTO consent.transitions (consent_id, sequence, action, from_state, to_state, granted_fields, actor_kind, actor_id, at, receipt_id, receipt_jws)
           VALUES ($1, $2, $3, $4, $5, ARRAY['fullName','dateOfBirth'], 'system', 'bench', now(), gen_random_uuid(), 'bench')`,
          [id, seq, action, from, to],
        );
      }
    }
    await db.query('ANALYZE');
    commits = async () => Number((await db.query(`SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()`)).rows[0].xact_commit);

    const baseline = spawnTs('tools/bench/src/baseline-server.ts', { DATABASE_URL: databaseUrl, PORT: '13399', POOL_SIZE: '16' });
    children.push(baseline);
    await waitReady('http://127.0.0.1:13399/baseline');

    const verifications = consentedCitizens.map((c, i) => ({
      body: JSON.stringify({ citizenId: c.idNumber, purpose: 'account-opening', claims: { fullName: c.fullName, dateOfBirth: c.dateOfBirth } }),
      authorization: `Bearer ${organisationOf(i).key}`,
    }));
    const baselineCalls = consentedCitizens.map((c) => ({ body: JSON.stringify({ citizenId: c.idNumber }) }));
    const warmUp = await run('warm-up (gateway)', 'http://127.0.0.1:13398/v1/verifications', verifications.slice(0, 200));
    // The warm-up grew tables that were empty at the last ANALYZE. Plans cached while they were
    // empty (the foreign-key checks' among them) scan them sequentially until statistics change,
    // which autovacuum would see to; it is off on this machine's server, so analyse as it would.
    await db.query('ANALYZE');
    const measured: { g: Awaited<ReturnType<typeof run>>; b: Awaited<ReturnType<typeof run>> }[] = [];
    for (let round = 1; round <= rounds; round++) {
      const label = rounds > 1 ? ` ${round}/${rounds}` : '';
      const g = await run(`verifications (all on)${label}`, 'http://127.0.0.1:13398/v1/verifications', verifications, gateway.pid);
      console.log(`${''.padEnd(26)} ${await groupCommit()}`);
      // The warm-up ran on plans cached while the tables looked empty; the measured run, after
      // ANALYZE, hides a plan that scans what grows. Say so when the two differ this much.
      if (round === 1 && warmUp.postgresMs > 2 * g.postgresMs) {
        console.log(`warning   PostgreSQL spent ${(warmUp.postgresMs / g.postgresMs).toFixed(1)}x the CPU per request in the warm-up: a plan cached on empty statistics that scans a growing table?`);
      }
      const b = await run(`baseline (row read only)${label}`, 'http://127.0.0.1:13399/baseline', baselineCalls);
      if (rounds > 1) console.log(`${''.padEnd(26)} round ${round}: gateway ${((100 * g.okPerSecond) / b.okPerSecond).toFixed(1)}% of baseline`);
      measured.push({ g, b });
    }
    const charges = (await db.query(`SELECT count(*)::int AS n FROM metering.ledger_transactions WHERE kind = 'charge'`)).rows[0].n;
    const answered = (await db.query(`SELECT count(*)::int AS n FROM gateway.requests WHERE decision = 'allow'`)).rows[0].n;
    console.log(`check     ${answered} answered requests recorded, ${charges} charges`);
    const okPerSecond = median(measured.map((m) => m.g.okPerSecond));
    const baselinePerSecond = median(measured.map((m) => m.b.okPerSecond));
    const share = median(measured.map((m) => m.g.okPerSecond / m.b.okPerSecond));
    const p99 = median(measured.map((m) => m.g.p99));
    const peak = Math.max(...measured.map((m) => m.g.peak));
    const of = rounds > 1 ? `medians of ${rounds} rounds (peak RSS: the highest), ` : '';
    console.log(`summary   ${of}gateway ${okPerSecond.toFixed(0)}/s (p99 ${p99} ms, peak RSS ${peak.toFixed(0)} MiB) = ${(100 * share).toFixed(0)}% of baseline ${baselinePerSecond.toFixed(0)}/s`);
    console.log(`goals     >= 3000/s: ${okPerSecond >= 3000 ? 'met' : 'NOT met'}; p99 < 25 ms: ${p99 < 25 ? 'met' : 'NOT met'}; >= 50% of baseline: ${share >= 0.5 ? 'met' : 'NOT met'}; RSS < 300 MB: ${peak < 286 ? 'met' : 'NOT met'}`);
    await db.end();
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1500));
    if (values.keep) console.log(`kept      database ${dbName}`);
    else await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
    const redis = new Redis(redisUrl);
    for await (const keys of redis.scanStream({ match: `${queuePrefix}:*`, count: 1000 })) if ((keys as string[]).length) await redis.del(...(keys as string[]));
    await redis.quit();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
