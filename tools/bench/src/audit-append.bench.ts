import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { AuditLogWriter } from '@consentry/audit-data-access';
import { benchEvent, databaseUrl, describeMachine, dropDatabase, fmt, latencyLine, openAuditDatabase, serverUrlFrom } from './audit-bench.util';

/**
 * Append throughput with durable writes (synchronous_commit as the server has it, normally on):
 * W writers, each its own connection pool as a replica would be, append batches of B events
 * through the real sequencer (AuditLogWriter) into a fresh database, for N events in total.
 *   node -r ./tools/scripts/register.cjs tools/bench/src/audit-append.bench.ts [--events 300000] [--batch 1000] [--writers 2]
 */
const GOAL_PER_SECOND = 10_000;

async function main() {
  const { values } = parseArgs({ options: { events: { type: 'string' }, batch: { type: 'string' }, writers: { type: 'string' }, 'database-url': { type: 'string' }, keep: { type: 'boolean' } } });
  const total = Number(values.events ?? 300_000);
  const batch = Number(values.batch ?? 1000);
  const writers = Number(values.writers ?? 2);
  const serverUrl = serverUrlFrom(values['database-url']);
  const name = `bench_audit_append_${Date.now()}`;

  console.log('Audit log append benchmark');
  for (const line of await describeMachine(serverUrl)) console.log(line);
  console.log(`settings  : ${fmt(total)} events, batches of ${fmt(batch)}, ${writers} concurrent writers (one pool each), database ${name}${values.keep ? '' : ' (dropped afterwards)'}`);

  const { source } = await openAuditDatabase(serverUrl, name, true, 2);
  const sources: DataSource[] = [source];
  try {
    for (let w = 1; w < writers; w++) sources.push((await openAuditDatabase(serverUrl, name, false, 2)).source);
    let next = 0;
    const latencies: number[] = [];
    const started = process.hrtime.bigint();
    await Promise.all(
      sources.map(async (s) => {
        const writer = new AuditLogWriter(s, { keyEncryptionKey: Buffer.alloc(32, 7) });
        while (next < total) {
          const from = next;
          next = Math.min(total, next + batch);
          const events = Array.from({ length: next - from }, (_, k) => benchEvent(from + k));
          const t = process.hrtime.bigint();
          const outcome = await writer.append(events);
          latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
          if (outcome.appended.length !== events.length) throw new Error('events were not all appended');
        }
      }),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const [{ size }] = await source.query(`SELECT size FROM audit.tree_state`);
    const [{ bytes }] = await source.query(`SELECT pg_database_size(current_database()) AS bytes`);
    console.log(`result    : ${fmt(Number(size))} entries sequenced in ${fmt(seconds, 1)} s = ${fmt(Number(size) / seconds)} entries/s (goal ${fmt(GOAL_PER_SECOND)}/s: ${Number(size) / seconds >= GOAL_PER_SECOND ? 'met' : 'NOT met'})`);
    console.log(latencyLine('batch append (prepare + commit)', latencies));
    console.log(`database  : ${fmt(Number(bytes) / 1024 / 1024)} MiB after the run (${fmt(Number(bytes) / Number(size))} bytes per entry, indexes included)`);
    console.log(`url       : ${databaseUrl(serverUrl, name).replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@')}`);
  } finally {
    await Promise.all(sources.map((s) => s.destroy()));
    if (!values.keep) await dropDatabase(serverUrl, name);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
