import { DataSource } from 'typeorm';
import { generateSignerKey, signCheckpoint } from '@consentry/audit-domain';
import { AuditLogWriter, AuditTreeRepository, CheckpointRepository, SigningKeyRepository } from '@consentry/audit-data-access';
import { benchEvent, fmt, openAuditDatabase } from './audit-bench.util';

export const BENCH_ORIGIN = 'consentry.bench/audit-log';
/** A fixed key: the bench log is not a real log, and reruns must verify old checkpoints. */
export const BENCH_SIGNER = generateSignerKey(BENCH_ORIGIN, Buffer.alloc(32, 0x42));

export interface BenchLog {
  url: string;
  name: string;
  source: DataSource;
  size: number;
  buildSeconds: number | null;
}

/**
 * The log the read benchmarks share: database bench_audit_log_<size> on the server, built
 * through the real sequencer (AuditLogWriter, two writers, batches of 5,000) and reused by
 * later runs. An interrupted build resumes where it stopped. Ends with a signed checkpoint.
 */
export async function ensureBenchLog(serverUrl: string, size: number, log: (line: string) => void): Promise<BenchLog> {
  const name = `bench_audit_log_${size}`;
  const { url, source } = await openAuditDatabase(serverUrl, name, false, 4);
  const tree = new AuditTreeRepository(source);
  let current = (await tree.head()).size;
  let buildSeconds: number | null = null;
  if (current < size) {
    log(`building ${name}: ${fmt(current)} -> ${fmt(size)} entries through AuditLogWriter (2 writers, batches of 5,000)`);
    const extra = await openAuditDatabase(serverUrl, name, false, 2);
    const started = process.hrtime.bigint();
    let next = current;
    let reported = current;
    try {
      await Promise.all(
        [source, extra.source].map(async (s) => {
          const writer = new AuditLogWriter(s, { keyEncryptionKey: Buffer.alloc(32, 7) });
          while (next < size) {
            const from = next;
            next = Math.min(size, next + 5000);
            await writer.append(Array.from({ length: next - from }, (_, k) => benchEvent(from + k)));
            if (next - reported >= 500_000) {
              reported = next;
              const seconds = Number(process.hrtime.bigint() - started) / 1e9;
              log(`  ${fmt(next)} entries, ${fmt((next - current) / seconds)} entries/s`);
            }
          }
        }),
      );
    } finally {
      await extra.source.destroy();
    }
    buildSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    log(`built ${fmt(size - current)} entries in ${fmt(buildSeconds, 1)} s (${fmt((size - current) / buildSeconds)} entries/s)`);
    current = (await tree.head()).size;
  }
  const checkpoints = new CheckpointRepository(source);
  const latest = await checkpoints.latest();
  if (!latest || latest.treeSize !== current) {
    const head = await tree.head();
    await new SigningKeyRepository(source).register(BENCH_SIGNER.vkey, BENCH_SIGNER.name);
    await checkpoints.insert({
      treeSize: head.size,
      rootHash: head.rootHash,
      note: signCheckpoint({ origin: BENCH_ORIGIN, treeSize: head.size, rootHash: head.rootHash, extensions: [] }, [BENCH_SIGNER]),
    });
  }
  return { url, name, source, size: current, buildSeconds };
}
