import os from 'node:os';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { MONITORING_RULES, detectMisuse, generateTraffic, learnBaseline, prepareEntries, scoreAlerts, type MonitoredEntry } from '@consentry/monitoring-domain';

/**
 * Misuse-monitor replay: generates deterministic traffic (normal accesses from N organisations
 * plus planted misuse), learns each organisation's hourly baseline from W earlier weeks of normal
 * traffic (or uses the generator's model when W = 0), then replays the traffic through every rule
 * in whole-hour batches, as the audit-stream consumer would, and reports throughput and accuracy.
 *   node -r ./tools/scripts/register.cjs tools/bench/src/monitoring-bench.ts [--organisations 100] [--days 2] [--seed N] [--history-weeks 2]
 * Only detection is timed; generating the traffic is not what is measured. The rules alone, in
 * memory: monitoring-replay.bench.ts measures the real consumer (MisuseDetection on PostgreSQL).
 */

const n = (v: number) => Math.round(v).toLocaleString('en-US');
const WEEK = 7 * 86_400_000;

function options() {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { organisations: { type: 'string' }, days: { type: 'string' }, seed: { type: 'string' }, 'history-weeks': { type: 'string' } },
  });
  const int = (v: string | undefined, d: number) => (v === undefined ? d : Number.parseInt(v, 10));
  return { organisations: int(values.organisations, 100), days: int(values.days, 2), seed: int(values.seed, 20260301), historyWeeks: int(values['history-weeks'], 2) };
}

function main() {
  const opts = options();
  const rules = MONITORING_RULES;
  const cpus = os.cpus();
  console.log(`machine: ${cpus[0]?.model ?? 'unknown cpu'}, ${cpus.length} cores, ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB memory, node ${process.version}, ${os.platform()} ${os.arch()}`);
  console.log(`settings: ${opts.organisations} organisations, ${opts.days} days, seed ${opts.seed}, baseline ${opts.historyWeeks ? `learned from ${opts.historyWeeks} week(s) of history` : 'from the traffic model'}, rule set ${rules.version}`);

  const traffic = generateTraffic(rules, { seed: opts.seed, organisations: opts.organisations, days: opts.days });
  let baseline = traffic.baseline;
  if (opts.historyWeeks > 0) {
    const fromMs = traffic.fromMs - opts.historyWeeks * WEEK;
    const history = generateTraffic(rules, { seed: opts.seed + 1, organisations: opts.organisations, days: opts.historyWeeks * 7, start: new Date(fromMs).toISOString(), plant: false });
    baseline = learnBaseline(prepareEntries(history.entries, rules), rules, { fromMs, toMs: traffic.fromMs }, `learned-${opts.historyWeeks}w`);
  }

  const batches: MonitoredEntry[][] = [];
  let current = -1;
  for (const e of traffic.entries) {
    const hour = Math.floor(Date.parse(e.occurredAt) / 3_600_000);
    if (hour !== current) {
      batches.push([]);
      current = hour;
    }
    batches[batches.length - 1]?.push(e);
  }
  const started = performance.now();
  const alerts = batches.flatMap((batch) => detectMisuse(batch, rules, baseline));
  const seconds = (performance.now() - started) / 1000;
  const score = scoreAlerts(alerts, traffic.planted);
  const rate = traffic.entries.length / seconds;

  console.log(`entries: ${n(traffic.entries.length)} (${n(traffic.normalEntries)} normal, ${n(traffic.entries.length - traffic.normalEntries)} planted) in ${batches.length} hourly batches`);
  console.log(`processed: ${seconds.toFixed(2)} s, ${n(rate)} entries/s (goal 5,000/s: ${rate >= 5000 ? 'met' : 'NOT met'}), heap in use ${n(process.memoryUsage().heapUsed / 1024 / 1024)} MiB (history and replay traffic held in memory)`);
  console.log(`planted cases found: ${score.found.length}/${traffic.planted.length} (${score.found.join(', ')})${score.missed.length ? `; missed: ${score.missed.join(', ')}` : ''}`);
  console.log(`alerts: ${alerts.length}; false alerts: ${score.falseAlerts.length} = ${((score.falseAlerts.length * 10_000) / traffic.normalEntries).toFixed(3)} per 10,000 normal entries (goal <= 1)`);
  for (const a of alerts.filter((x) => !score.falseAlerts.includes(x))) console.log(`  ${a.severity.padEnd(8)} ${a.ruleId.padEnd(16)} ${(a.organisationId ?? 'citizen').padEnd(8)} ${a.windowStart}  ${a.summary}`);
  for (const a of score.falseAlerts.slice(0, 20)) console.log(`  FALSE ${a.alertKey}: ${a.summary}`);
  if (score.missed.length || score.falseAlerts.length * 10_000 > traffic.normalEntries) process.exitCode = 1;
}

main();
