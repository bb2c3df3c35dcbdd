import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { MerkleTree } from 'merkletreejs';
import { EMPTY_FRONTIER, appendToFrontier, frontierRoot, openCheckpoint, parseVerifierKey, verifyInclusion } from '@consentry/audit-domain';
import { AuditTreeRepository, CheckpointRepository } from '@consentry/audit-data-access';
import { createAuditLogService } from '@consentry/audit-feature';
import { loadServiceEnv, startService } from '@consentry/shared-runtime';
import { createLogger } from '@consentry/shared-observability';
import { describeMachine, fmt, latencyLine, measureHttp, runAutocannon, serverUrlFrom } from './audit-bench.util';
import { BENCH_ORIGIN, BENCH_SIGNER, ensureBenchLog } from './audit-bench-log.util';

/**
 * Inclusion proofs over a large log (default 10,000,000 entries, built once and reused):
 * 1. through the repository (one SQL round trip per proof), 2. through the HTTP API,
 * 3. merkletreejs building an in-memory tree of the same leaf hashes and proving from it.
 *   node --max-old-space-size=12000 -r ./tools/scripts/register.cjs tools/bench/src/audit-proof.bench.ts [--size 10000000] [--samples 5000] [--http-seconds 10]
 */
const GOAL_P99_MS = 5;

const sha256 = (...parts: Buffer[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
const NODE_PREFIX = Buffer.from([1]);

async function main() {
  const { values } = parseArgs({
    options: {
      size: { type: 'string' },
      samples: { type: 'string' },
      'http-seconds': { type: 'string' },
      concurrency: { type: 'string' },
      'database-url': { type: 'string' },
      'skip-merkletreejs': { type: 'boolean' },
    },
  });
  const serverUrl = serverUrlFrom(values['database-url']);
  const size = Number(values.size ?? 10_000_000);
  const samples = Number(values.samples ?? 5000);
  const httpSeconds = Number(values['http-seconds'] ?? 10);
  const concurrency = Number(values.concurrency ?? 8);

  console.log('Audit log inclusion-proof benchmark');
  for (const line of await describeMachine(serverUrl)) console.log(line);
  console.log(`settings  : log of ${fmt(size)} entries, ${fmt(samples)} sequential proofs, HTTP ${httpSeconds} s at concurrency ${concurrency}, uniform random indexes`);
  const log = await ensureBenchLog(serverUrl, size, (line) => console.log(line));
  const n = log.size;
  const random = () => Math.floor(Math.random() * n);
  const latest = (await new CheckpointRepository(log.source).latest())!;
  const { checkpoint } = openCheckpoint(latest.note, [parseVerifierKey(BENCH_SIGNER.vkey)], BENCH_ORIGIN);

  // 1. Repository: plan + one query + fold, as the API does it.
  const tree = new AuditTreeRepository(log.source);
  for (let i = 0; i < 1000; i++) await tree.inclusionProofWithRoot(random(), n); // warm-up
  // The floor under any query on this machine at this moment (pool, network stack, scheduler).
  const baseline: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t = process.hrtime.bigint();
    await log.source.query('SELECT 1');
    baseline.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  console.log(latencyLine('baseline: SELECT 1 round trip', baseline));
  const repoLatencies: number[] = [];
  const checked: { index: number; proof: Buffer[] }[] = [];
  for (let i = 0; i < samples; i++) {
    const index = random();
    const t = process.hrtime.bigint();
    const { proof, rootHash } = await tree.inclusionProofWithRoot(index, n);
    repoLatencies.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (!rootHash.equals(checkpoint.rootHash)) throw new Error('root differs from the checkpoint');
    if (i % 25 === 0) checked.push({ index, proof });
  }
  const leafRows: { idx: string; leaf_hash: Buffer }[] = await log.source.query(`SELECT idx, leaf_hash FROM audit.entries WHERE idx = ANY($1::bigint[])`, [checked.map((c) => c.index)]);
  const leafOf = new Map(leafRows.map((r) => [Number(r.idx), r.leaf_hash]));
  const verified = checked.every((c) => verifyInclusion(c.index, n, leafOf.get(c.index)!, c.proof, checkpoint.rootHash));
  console.log(latencyLine('repository inclusionProofWithRoot', repoLatencies) + `  (goal p99 < ${GOAL_P99_MS} ms; ${checked.length} proofs verified: ${verified})`);

  // 2. HTTP API.
  const env = loadServiceEnv(createAuditLogService(), {
    DATABASE_URL: log.url,
    AUTH_TOKEN_SECRET: 'bench-token-secret-0123456789abcdef0123456789',
    PSEUDONYM_KEY: 'bench-pseudonym-key-0123456789abcdef012345678',
    AUDIT_LOG_PORT: '0',
    LOG_LEVEL: 'warn',
    DATABASE_POOL_SIZE: String(concurrency),
  });
  const service = await startService(createAuditLogService({ env: { AUDIT_SIGNING_KEY: BENCH_SIGNER.skey, AUDIT_LOG_ORIGIN: BENCH_ORIGIN, AUDIT_CHECKPOINT_INTERVAL_MS: '60000' } }), env, createLogger('audit-log', 'warn'));
  try {
    const request = () => ({ path: `/v1/log/proofs/inclusion?index=${random()}&treeSize=${n}` });
    await measureHttp(service.url, request, concurrency, 1000);
    const sequential = await measureHttp(service.url, request, 1, httpSeconds * 500);
    console.log(latencyLine('HTTP GET /v1/log/proofs/inclusion x1', sequential.latencies) + `  ${fmt(sequential.perSecond)} req/s, failures ${sequential.failures}`);
    const loaded = await measureHttp(service.url, request, concurrency, httpSeconds * 1000);
    console.log(latencyLine(`HTTP GET /v1/log/proofs/inclusion x${concurrency}`, loaded.latencies) + `  ${fmt(loaded.perSecond)} req/s, failures ${loaded.failures}`);
    console.log(await runAutocannon(service.url, request, concurrency, Math.min(httpSeconds, 10)));
  } finally {
    await service.app.close();
  }

  // 3. merkletreejs on the same leaf hashes, in memory.
  if (!values['skip-merkletreejs']) {
    let t = process.hrtime.bigint();
    const leaves: Buffer[] = new Array(n);
    for (let from = 0; from < n; from += 250_000) {
      const rows: { idx: string; leaf_hash: Buffer }[] = await log.source.query(`SELECT idx, leaf_hash FROM audit.entries WHERE idx >= $1 AND idx < $2 ORDER BY idx`, [from, from + 250_000]);
      for (const r of rows) leaves[Number(r.idx)] = r.leaf_hash;
    }
    console.log(`leaf hashes loaded from PostgreSQL for the in-memory trees: ${fmt(Number(process.hrtime.bigint() - t) / 1e9, 1)} s`);

    t = process.hrtime.bigint();
    const ours = appendToFrontier(EMPTY_FRONTIER, leaves);
    console.log(`audit-domain appendToFrontier over ${fmt(n)} leaves (what the sequencer does): ${fmt(Number(process.hrtime.bigint() - t) / 1e9, 1)} s, root matches checkpoint: ${frontierRoot(ours.frontier).equals(checkpoint.rootHash)}`);
    ours.nodes.length = 0;

    t = process.hrtime.bigint();
    // RFC 9162 interior hashing; leaves are given already hashed. merkletreejs carries an odd
    // last node up unchanged, which yields the same tree shape as RFC 9162's split.
    const mt = new MerkleTree(leaves, (data: Buffer) => sha256(NODE_PREFIX, data), { hashLeaves: false });
    const buildSeconds = Number(process.hrtime.bigint() - t) / 1e9;
    const sameRoot = mt.getRoot().equals(checkpoint.rootHash);
    console.log(`merkletreejs build of ${fmt(n)} leaves: ${fmt(buildSeconds, 1)} s, heap ${fmt(process.memoryUsage().heapUsed / 1024 / 1024)} MiB, rss ${fmt(process.memoryUsage().rss / 1024 / 1024)} MiB, root equals our checkpoint root: ${sameRoot}`);
    const mtLatencies: number[] = [];
    let agree = 0;
    for (let i = 0; i < samples; i++) {
      const index = random();
      const start = process.hrtime.bigint();
      const proof = mt.getProof(leaves[index], index);
      mtLatencies.push(Number(process.hrtime.bigint() - start) / 1e6);
      if (i % 25 === 0 && verifyInclusion(index, n, leaves[index], proof.map((p) => p.data), checkpoint.rootHash)) agree++;
    }
    console.log(latencyLine('merkletreejs getProof (in memory)', mtLatencies) + `  (${agree}/${Math.ceil(samples / 25)} sampled proofs verify with our RFC 9162 verifier)`);
  }
  await log.source.destroy();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
