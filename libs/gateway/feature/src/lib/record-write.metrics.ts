import { Counter, Registry } from 'prom-client';
import type { RecordBatchStats } from '@consentry/gateway-data-access';

/** The group commit's counts (ADR 0006) as Prometheus counters, read from the batcher at each scrape. */
export function recordWriteMetrics(registry: Registry, batcher: { stats: RecordBatchStats }): void {
  const registers = [registry];
  new Counter({
    name: 'gateway_record_writes_total',
    help: 'Requests recorded on the pool, by how: in a group-commit batch; alone; busy (a batch gave its charge back; then written alone)',
    labelNames: ['how'],
    registers,
    collect() {
      this.reset();
      for (const how of ['batched', 'alone', 'busy'] as const) this.inc({ how }, batcher.stats[how]);
    },
  });
  new Counter({
    name: 'gateway_record_batches_total',
    help: 'Group-commit statements, by outcome (failed: each of its requests was written alone)',
    labelNames: ['outcome'],
    registers,
    collect() {
      this.reset();
      this.inc({ outcome: 'committed' }, batcher.stats.batches);
      this.inc({ outcome: 'failed' }, batcher.stats.fallbacks);
    },
  });
}
