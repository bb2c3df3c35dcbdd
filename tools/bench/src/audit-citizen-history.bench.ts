import { parseArgs } from 'node:util';
import { AuditEntryRepository, AuditTreeRepository, CheckpointRepository, CitizenKeyRepository } from '@consentry/audit-data-access';
import { AuditQueryService, createAuditLogService } from '@consentry/audit-feature';
import { AccessTokens } from '@consentry/shared-auth';
import { loadServiceEnv, startService } from '@consentry/shared-runtime';
import { createLogger } from '@consentry/shared-observability';
import { describeMachine, fmt, latencyLine, measureHttp, runAutocannon, serverUrlFrom } from './audit-bench.util';
import { BENCH_ORIGIN, BENCH_SIGNER, ensureBenchLog } from './audit-bench-log.util';

/**
 * A citizen's access-history page (20 newest accesses, each with its inclusion proof against
 * the latest checkpoint) over a large log (default 10,000,000 entries, shared with the proof
 * benchmark). Citizens are drawn by picking random entries, so active citizens are drawn more
 * often, as their traffic would be.
 *   node -r ./tools/scripts/register.cjs tools/bench/src/audit-citizen-history.bench.ts [--size 10000000] [--samples 2000] [--http-seconds 10]
 */
const GOAL_P99_MS = 50;
const TOKEN_SECRET = 'bench-token-secret-0123456789abcdef0123456789';

async function main() {
  const { values } = parseArgs({
    options: { size: { type: 'string' }, samples: { type: 'string' }, 'http-seconds': { type: 'string' }, concurrency: { type: 'string' }, 'database-url': { type: 'string' } },
  });
  const serverUrl = serverUrlFrom(values['database-url']);
  const size = Number(values.size ?? 10_000_000);
  const samples = Number(values.samples ?? 2000);
  const httpSeconds = Number(values['http-seconds'] ?? 10);
  const concurrency = Number(values.concurrency ?? 8);

  console.log('Audit log citizen-history benchmark');
  for (const line of await describeMachine(serverUrl)) console.log(line);
  console.log(`settings  : log of ${fmt(size)} entries, page size 20 with proofs, ${fmt(samples)} sequential pages, HTTP ${httpSeconds} s at concurrency ${concurrency}`);
  const log = await ensureBenchLog(serverUrl, size, (line) => console.log(line));
  const n = log.size;

  const picks = Array.from({ length: Math.max(samples, 1000) }, () => Math.floor(Math.random() * n));
  const rows: { citizen_pseudonym: string }[] = await log.source.query(`SELECT citizen_pseudonym FROM audit.entries WHERE idx = ANY($1::bigint[])`, [picks]);
  const citizens = rows.map((r) => r.citizen_pseudonym);
  const [{ avg, max }] = await log.source.query(
    `SELECT avg(c)::numeric(10,1) AS avg, max(c) AS max FROM (SELECT count(*) AS c FROM audit.entries WHERE citizen_pseudonym = ANY($1::text[]) GROUP BY citizen_pseudonym) t`,
    [citizens.slice(0, 500)],
  );
  console.log(`citizens  : ${fmt(citizens.length)} drawn; among 500 of them ${avg} accesses on average, at most ${max}`);

  const queries = new AuditQueryService(
    new AuditEntryRepository(log.source),
    new AuditTreeRepository(log.source),
    new CheckpointRepository(log.source),
    new CitizenKeyRepository(log.source, Buffer.alloc(32, 7)),
    { now: () => new Date() },
  );
  const pick = () => citizens[Math.floor(Math.random() * citizens.length)];
  for (let i = 0; i < 100; i++) await queries.citizenHistory(pick(), {}, { limit: 20 });
  const first: number[] = [];
  const second: number[] = [];
  const filtered: number[] = [];
  let proofs = 0;
  for (let i = 0; i < samples; i++) {
    const citizen = pick();
    let t = process.hrtime.bigint();
    const page = await queries.citizenHistory(citizen, {}, { limit: 20 });
    first.push(Number(process.hrtime.bigint() - t) / 1e6);
    proofs += page.items.filter((item) => item.proof).length;
    if (page.nextCursor && i % 2 === 0) {
      t = process.hrtime.bigint();
      await queries.citizenHistory(citizen, {}, { limit: 20, cursor: page.nextCursor });
      second.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    if (i % 2 === 1 && page.items.length) {
      t = process.hrtime.bigint();
      await queries.citizenHistory(citizen, { organisationId: page.items[0].leaf.organisationId, decision: 'allow' }, { limit: 20 });
      filtered.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  }
  console.log(latencyLine('history page 1 (service layer)', first) + `  (goal p99 < ${GOAL_P99_MS} ms; ${fmt(proofs)} proofs attached)`);
  if (second.length) console.log(latencyLine('history page 2 via cursor', second));
  console.log(latencyLine('history filtered by org + result', filtered));

  const env = loadServiceEnv(createAuditLogService(), {
    DATABASE_URL: log.url,
    AUTH_TOKEN_SECRET: TOKEN_SECRET,
    PSEUDONYM_KEY: 'bench-pseudonym-key-0123456789abcdef012345678',
    AUDIT_LOG_PORT: '0',
    LOG_LEVEL: 'warn',
    DATABASE_POOL_SIZE: String(concurrency),
  });
  const service = await startService(createAuditLogService({ env: { AUDIT_SIGNING_KEY: BENCH_SIGNER.skey, AUDIT_LOG_ORIGIN: BENCH_ORIGIN, AUDIT_CHECKPOINT_INTERVAL_MS: '60000' } }), env, createLogger('audit-log', 'warn'));
  try {
    const tokens = new AccessTokens(TOKEN_SECRET, Date.now, 3600);
    const headers = citizens.map((psn, i) => ({ authorization: `Bearer ${tokens.issue({ accountId: `bench-${i}`, role: 'citizen', citizenPseudonym: psn, eidLevel: 2 }).token}` }));
    const request = () => ({ path: '/v1/citizen/accesses?limit=20', headers: headers[Math.floor(Math.random() * headers.length)] });
    await measureHttp(service.url, request, concurrency, 1000);
    const sequential = await measureHttp(service.url, request, 1, httpSeconds * 500);
    console.log(latencyLine('HTTP GET /v1/citizen/accesses x1', sequential.latencies) + `  ${fmt(sequential.perSecond)} req/s, failures ${sequential.failures}`);
    const loaded = await measureHttp(service.url, request, concurrency, httpSeconds * 1000);
    console.log(latencyLine(`HTTP GET /v1/citizen/accesses x${concurrency}`, loaded.latencies) + `  ${fmt(loaded.perSecond)} req/s, failures ${loaded.failures}`);
    console.log(await runAutocannon(service.url, request, concurrency, Math.min(httpSeconds, 10)));
  } finally {
    await service.app.close();
    await log.source.destroy();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
