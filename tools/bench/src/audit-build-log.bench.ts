import { parseArgs } from 'node:util';
import { describeMachine, fmt, serverUrlFrom } from './audit-bench.util';
import { ensureBenchLog } from './audit-bench-log.util';

/**
 * Builds (or extends) the shared benchmark log without measuring reads, so the proof and
 * history benchmarks can run on it afterwards:
 *   node -r ./tools/scripts/register.cjs tools/bench/src/audit-build-log.bench.ts [--size 10000000]
 */
async function main() {
  const { values } = parseArgs({ options: { size: { type: 'string' }, 'database-url': { type: 'string' } } });
  const serverUrl = serverUrlFrom(values['database-url']);
  const size = Number(values.size ?? 10_000_000);
  console.log('Audit benchmark log');
  for (const line of await describeMachine(serverUrl)) console.log(line);
  const log = await ensureBenchLog(serverUrl, size, (line) => console.log(line));
  const [{ bytes }] = await log.source.query(`SELECT pg_database_size(current_database()) AS bytes`);
  console.log(`log       : ${log.name}, ${fmt(log.size)} entries, ${fmt(Number(bytes) / 1024 / 1024)} MiB on disk`);
  await log.source.destroy();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
