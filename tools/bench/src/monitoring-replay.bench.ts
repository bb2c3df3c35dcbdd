import 'reflect-metadata';
import { createHash, randomUUID } from 'node:crypto';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { NormalisedAuditEvent } from '@consentry/audit-domain';
import { AuditLogWriter } from '@consentry/audit-data-access';
import { AuditStreamReader } from '@consentry/audit-feature';
import { AlertRepository, CursorRepository, MONITORING_MIGRATIONS, MONITORING_SCHEMA, type StoredAlert } from '@consentry/monitoring-data-access';
import { MONITORING_RULES, generateTraffic, scoreAlerts, type MonitoredEntry, type MonitoringAlert } from '@consentry/monitoring-domain';
import { AUDIT_CURSOR, MisuseDetection, loadMonitoringSettings } from '@consentry/monitoring-feature';
import { migrateSchema } from '@consentry/shared-database';
import { databaseUrl, describeMachine, dropDatabase, fmt, openAuditDatabase, serverUrlFrom } from './audit-bench.util';
import { percentile } from './stats.util';

/**
 * Misuse-monitor replay through the real consumer path, on PostgreSQL:
 *   DATABASE_URL=postgres://root@127.0.0.1:5432/postgres node -r ./tools/scripts/register.cjs tools/bench/src/monitoring-replay.bench.ts \
 *     [--organisations 100] [--days 2] [--history-days 7] [--batch 20000] [--live-seconds 20] [--rate 5000] [--live-clock traffic|wall] [--seed 20260301] [--keep]
 *
 * 1. Creates a fresh database bench_monitoring_<timestamp> (dropped at the end), migrates the audit
 *    and monitoring schemas.
 * 2. Writes `history-days` days of normal traffic (no misuse) and then `days` days of traffic with
 *    planted misuse from the deterministic generator into the audit log through the real
 *    sequencer (AuditLogWriter: Merkle leaves, tree nodes), two writers, batches of 5,000.
 * 3. Learns volume baselines with MisuseDetection.learnBaselines (clock at the start of the
 *    replayed traffic, over the history days), puts the cursor at the end of the history and calls
 *    MisuseDetection.runOnce until the cursor reaches the end of the log (catch-up: timed).
 * 4. Scores the alerts stored in monitoring.alerts with scoreAlerts.
 * 5. Live: appends the generator's following days (no misuse) at `rate` entries per second of
 *    wall time for `live-seconds` while the detection loop runs in the same process (as it is in
 *    the audit-log service), and samples the lag (entries sequenced but not consumed) each second.
 *    `--live-clock traffic` (default) keeps the generator's instants, so the live entries are as
 *    dense in time as the traffic model (about 20,000 per busy hour for 100 organisations);
 *    `--live-clock wall` stamps each entry with the wall clock when it is appended, so every entry
 *    of the phase falls in the current hour, as real traffic at `rate` per second would.
 */

const DAY = 86_400_000;
const WRITE_BATCH = 5000;

function options() {
  const { values } = parseArgs({
    options: {
      organisations: { type: 'string' },
      days: { type: 'string' },
      'history-days': { type: 'string' },
      batch: { type: 'string' },
      'live-seconds': { type: 'string' },
      'live-clock': { type: 'string' },
      rate: { type: 'string' },
      seed: { type: 'string' },
      interval: { type: 'string' },
      'database-url': { type: 'string' },
      keep: { type: 'boolean' },
    },
  });
  const int = (v: string | undefined, d: number) => (v === undefined ? d : Number.parseInt(v, 10));
  return {
    organisations: int(values.organisations, 100),
    days: int(values.days, 2),
    historyDays: int(values['history-days'], 7),
    batch: int(values.batch, 20_000),
    liveSeconds: int(values['live-seconds'], 20),
    liveClock: values['live-clock'] === 'wall' ? ('wall' as const) : ('traffic' as const),
    rate: int(values.rate, 5000),
    seed: int(values.seed, 20260301),
    intervalMs: int(values.interval, 200),
    serverUrl: serverUrlFrom(values['database-url']),
    keep: values.keep === true,
  };
}

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
/** Audit pseudonyms are 64 hex characters (HMAC-SHA256); the generator's are short tags. */
const pseudonymOf = (generated: string) => sha(`bench-pseudonym:${generated}`);

function toEvent(e: MonitoredEntry, tag: string): NormalisedAuditEvent {
  const h = sha(`${tag}:${e.index}`);
  const fields = [...new Set(e.fields)];
  return {
    eventId: `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`,
    occurredAt: e.occurredAt,
    organisationId: e.organisationId,
    operation: e.operation,
    purpose: e.purpose,
    legalBasis: { kind: 'consent', consentId: null },
    decision: e.decision,
    reasonCode: e.reasonCode,
    fields,
    fee: e.decision === 'allow' ? { product: e.operation, amountVnd: String(1000 * fields.length), scheduleVersion: '2026-01' } : null,
    requestId: `${tag}-${e.index}`,
    citizenPseudonym: e.citizenPseudonym ? pseudonymOf(e.citizenPseudonym) : null,
    disclosureAfter: null,
    personal: null,
    ...(e.noMatch ? { noMatch: true } : {}),
  };
}

/** Appends events through two writers (one pool each), batches of WRITE_BATCH. */
async function appendAll(writers: AuditLogWriter[], events: NormalisedAuditEvent[]): Promise<void> {
  let next = 0;
  await Promise.all(
    writers.map(async (w) => {
      while (next < events.length) {
        const from = next;
        const to = Math.min(events.length, next + WRITE_BATCH);
        next = to;
        const outcome = await w.append(events.slice(from, to));
        if (outcome.appended.length !== to - from) throw new Error(`events were not all appended: ${outcome.appended.length} of ${to - from}`);
      }
    }),
  );
}

/** Where a pass's time goes: the bench wraps the reader's and repositories' prototypes. */
const timings = { size: 0, range: 0, rangeRows: 0, reread: 0, rereadRows: 0, rereadQueries: 0, fanOut: 0, record: 0, cursor: 0 };
function instrument() {
  const wrap = <T extends object>(proto: T, name: keyof T & string, add: (ms: number, result: unknown) => void) => {
    const original = proto[name] as unknown as (...args: unknown[]) => Promise<unknown>;
    (proto as Record<string, unknown>)[name] = async function (this: unknown, ...args: unknown[]) {
      const t = performance.now();
      const result = await original.apply(this, args);
      add(performance.now() - t, result);
      return result;
    };
  };
  wrap(AuditStreamReader.prototype, 'size', (ms) => (timings.size += ms));
  wrap(AuditStreamReader.prototype, 'range', (ms, rows) => {
    timings.range += ms;
    timings.rangeRows += (rows as unknown[]).length;
  });
  wrap(AuditStreamReader.prototype, 'occurredIn', (ms, rows) => {
    timings.reread += ms;
    timings.rereadRows += (rows as unknown[]).length;
    timings.rereadQueries += 1;
  });
  wrap(AuditStreamReader.prototype, 'citizensSeenByOrganisations', (ms) => (timings.fanOut += ms));
  wrap(AlertRepository.prototype, 'record', (ms) => (timings.record += ms));
  wrap(CursorRepository.prototype, 'lock', (ms) => (timings.cursor += ms));
  wrap(CursorRepository.prototype, 'advance', (ms) => (timings.cursor += ms));
}

async function allAlerts(source: DataSource): Promise<StoredAlert[]> {
  const repo = new AlertRepository();
  const out: StoredAlert[] = [];
  for (;;) {
    const page = await repo.list(source, { limit: 1000, beforeId: out[out.length - 1]?.id });
    out.push(...page);
    if (page.length < 1000) return out;
  }
}

async function main() {
  const opts = options();
  Logger.overrideLogger(['error', 'warn']);
  const rules = MONITORING_RULES;
  const name = `bench_monitoring_${Date.now()}`;
  console.log('Misuse-monitor replay through the consumer (MisuseDetection.runOnce on PostgreSQL)');
  for (const line of await describeMachine(opts.serverUrl)) console.log(line);

  const traffic = generateTraffic(rules, { seed: opts.seed, organisations: opts.organisations, days: opts.days });
  const historyStart = traffic.fromMs - opts.historyDays * DAY;
  console.log(
    `settings  : ${opts.organisations} organisations, ${opts.historyDays} days of history (baselines) + ${opts.days} days replayed with planted misuse, seed ${opts.seed}, ` +
      `rule set ${rules.version}, detection batch ${fmt(opts.batch)} entries, live ${opts.liveSeconds} s at ${fmt(opts.rate)} entries/s (instants: ${opts.liveClock}), database ${name}${opts.keep ? '' : ' (dropped afterwards)'}`,
  );

  const { source: writeA } = await openAuditDatabase(opts.serverUrl, name, true, 2);
  const url = databaseUrl(opts.serverUrl, name);
  const sources: DataSource[] = [writeA];
  try {
    await migrateSchema(url, { schema: MONITORING_SCHEMA, migrations: MONITORING_MIGRATIONS });
    const writeB = (await openAuditDatabase(opts.serverUrl, name, false, 2)).source;
    const monitorSource = (await openAuditDatabase(opts.serverUrl, name, false, 4)).source;
    sources.push(writeB, monitorSource);
    const writers = [new AuditLogWriter(writeA, { keyEncryptionKey: Buffer.alloc(32, 7) }), new AuditLogWriter(writeB, { keyEncryptionKey: Buffer.alloc(32, 7) })];

    // History, a day at a time (each day its own seed; same organisations), then the replay.
    let t = performance.now();
    let historyEntries = 0;
    for (let d = 0; d < opts.historyDays; d++) {
      const day = generateTraffic(rules, { seed: opts.seed + 1000 + d, organisations: opts.organisations, days: 1, start: new Date(historyStart + d * DAY).toISOString(), plant: false });
      await appendAll(writers, day.entries.map((e) => toEvent(e, `h${d}`)));
      historyEntries += day.entries.length;
    }
    const historySeconds = (performance.now() - t) / 1000;
    t = performance.now();
    await appendAll(writers, traffic.entries.map((e) => toEvent(e, 'r')));
    const replaySeconds = (performance.now() - t) / 1000;
    const logSize = historyEntries + traffic.entries.length;
    console.log(
      `log       : ${fmt(historyEntries)} history entries written in ${fmt(historySeconds, 1)} s, ${fmt(traffic.entries.length)} replay entries ` +
        `(${fmt(traffic.normalEntries)} normal, ${fmt(traffic.entries.length - traffic.normalEntries)} planted) in ${fmt(replaySeconds, 1)} s, through AuditLogWriter ` +
        `(${fmt(logSize / (historySeconds + replaySeconds))} entries/s)`,
    );

    // The consumer, built as the service builds it (its DataSource, settings and clock).
    let clockMs: number | null = traffic.fromMs;
    const clock = { now: () => new Date(clockMs ?? Date.now()) };
    const settings = loadMonitoringSettings({}, { batchEntries: opts.batch, baselineDays: opts.historyDays });
    const detection = new MisuseDetection(monitorSource, settings, clock);
    t = performance.now();
    const organisations = await detection.learnBaselines();
    console.log(`baselines : ${organisations} organisations learned from ${opts.historyDays} days in ${fmt(performance.now() - t)} ms (MisuseDetection.learnBaselines)`);
    clockMs = null;
    await monitorSource.query(`INSERT INTO "monitoring"."cursors" ("name", "position", "updated_at") VALUES ($1, $2, now())`, [AUDIT_CURSOR, historyEntries]);

    instrument();
    const passMs: number[] = [];
    const started = performance.now();
    let consumed = 0;
    let reread = 0;
    for (;;) {
      const p0 = performance.now();
      const pass = await detection.runOnce();
      passMs.push(performance.now() - p0);
      consumed += pass.to - pass.from;
      reread += pass.reread;
      if (pass.lag === 0 || pass.to === pass.from) break;
    }
    const catchUpSeconds = (performance.now() - started) / 1000;
    const catchUpRate = consumed / catchUpSeconds;
    const sorted = [...passMs].sort((a, b) => a - b);
    const timed = { ...timings };
    const db = timed.size + timed.range + timed.reread + timed.fanOut + timed.record + timed.cursor;
    console.log(
      `catch-up  : ${fmt(consumed)} entries in ${passMs.length} passes, ${fmt(catchUpSeconds, 2)} s = ${fmt(catchUpRate)} entries/s (goal 5,000/s: ${catchUpRate >= 5000 ? 'met' : 'NOT met'}); ` +
        `pass p50 ${fmt(percentile(sorted, 50))} ms, max ${fmt(sorted[sorted.length - 1] ?? 0)} ms; ${fmt(reread)} earlier entries re-read to fill windows not held; ${fmt(detection.heldGroups())} rule groups held at the end`,
    );
    const total = catchUpSeconds * 1000;
    const share = (ms: number) => `${fmt(ms / 1000, 2)} s (${fmt((100 * ms) / total)} %)`;
    console.log(
      `  where   : read new batch ${share(timed.range)} [${fmt(timed.rangeRows)} rows], re-read windows ${share(timed.reread)} [${fmt(timed.rereadRows)} rows, ${timed.rereadQueries} queries], fan-out query ${share(timed.fanOut)}, ` +
        `store alerts ${share(timed.record)}, cursor + size ${share(timed.cursor + timed.size)}, rest (rules, mapping, baseline check, commit) ${share(total - db)}`,
    );

    // Accuracy: every stored alert, scored against the planted cases (pseudonyms as stored).
    const stored = await allAlerts(monitorSource);
    const planted = traffic.planted.map((p) => ({ ...p, citizenPseudonym: p.citizenPseudonym ? pseudonymOf(p.citizenPseudonym) : null }));
    const score = scoreAlerts(stored as MonitoringAlert[], planted);
    const falsePer10k = (score.falseAlerts.length * 10_000) / traffic.normalEntries;
    const required = ['enumeration', 'volume-spike', 'purpose-drift', 'off-hours-bulk'];
    const requiredFound = planted.filter((p) => required.includes(p.kind) && score.found.includes(p.id)).length;
    console.log(`planted   : ${score.found.length}/${planted.length} found (${score.found.join(', ')})${score.missed.length ? `; MISSED: ${score.missed.join(', ')}` : ''}; the four of the issue: ${requiredFound}/4`);
    console.log(`alerts    : ${stored.length} stored; false ${score.falseAlerts.length} = ${fmt(falsePer10k, 3)} per 10,000 normal entries (goal <= 1: ${falsePer10k <= 1 ? 'met' : 'NOT met'})`);
    for (const a of stored.filter((x) => !score.falseAlerts.includes(x)).reverse()) console.log(`  ${a.severity.padEnd(8)} ${a.ruleId.padEnd(16)} ${(a.organisationId ?? 'citizen').padEnd(8)} ${a.windowStart}  ${a.summary}`);
    for (const a of score.falseAlerts.slice(0, 20)) console.log(`  FALSE ${a.alertKey}: ${a.summary}`);

    if (opts.liveSeconds > 0) await live(opts, writers[0] as AuditLogWriter, detection, monitorSource, traffic.toMs, stored.length);

    console.log(`load avg  : ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (end of run)`);
    if (score.missed.length || falsePer10k > 1 || catchUpRate < 5000) process.exitCode = 1;
  } finally {
    await Promise.all(sources.map((s) => s.destroy()));
    if (!opts.keep) await dropDatabase(opts.serverUrl, name);
  }
}

/**
 * Appends the generator's next days (no misuse) at `rate` entries per second of wall time while
 * the detection loop runs (passes back to back while behind, `interval` ms pause when caught
 * up); samples the lag each second, then lets the consumer drain.
 */
async function live(opts: ReturnType<typeof options>, writer: AuditLogWriter, detection: MisuseDetection, source: DataSource, fromMs: number, alertsBefore: number) {
  const rules = MONITORING_RULES;
  const wanted = opts.rate * opts.liveSeconds;
  const events: NormalisedAuditEvent[] = [];
  for (let d = 0; events.length < wanted; d++) {
    const day = generateTraffic(rules, { seed: opts.seed + 5000 + d, organisations: opts.organisations, days: 1, start: new Date(fromMs + d * DAY).toISOString(), plant: false });
    for (const e of day.entries) events.push(toEvent(e, `l${d}`));
  }
  events.length = wanted;
  const normal = events.length;
  const lagNow = async () => {
    const [row] = await source.query(`SELECT (SELECT "size" FROM "audit"."tree_state" WHERE "id" = 1) - (SELECT "position" FROM "monitoring"."cursors" WHERE "name" = $1) AS lag`, [AUDIT_CURSOR]);
    return Number(row.lag);
  };

  let appended = 0;
  let appending = true;
  let consumed = 0;
  let reread = 0;
  let passes = 0;
  let maxGroups = 0;
  const before = { ...timings };
  const samples: { s: number; appended: number; lag: number }[] = [];
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;

  const appender = (async () => {
    while (appended < events.length) {
      const target = Math.min(events.length, Math.floor(opts.rate * elapsed()));
      if (target <= appended) {
        await sleep(20);
        continue;
      }
      const to = Math.min(target, appended + WRITE_BATCH);
      const now = new Date().toISOString();
      await writer.append(opts.liveClock === 'wall' ? events.slice(appended, to).map((e) => ({ ...e, occurredAt: now })) : events.slice(appended, to));
      appended = to;
    }
    appending = false;
  })();
  let drainedAt: number | null = null;
  const drainLimit = opts.liveSeconds + 120;
  const consumer = (async () => {
    for (;;) {
      const afterAppending = !appending;
      const pass = await detection.runOnce();
      passes += 1;
      consumed += pass.to - pass.from;
      reread += pass.reread;
      maxGroups = Math.max(maxGroups, detection.heldGroups());
      if (afterAppending && pass.lag === 0) {
        drainedAt = elapsed();
        return;
      }
      if (elapsed() > drainLimit) return;
      if (pass.to === pass.from || pass.lag === 0) await sleep(opts.intervalMs);
    }
  })();
  const sampler = (async () => {
    while (drainedAt === null && elapsed() <= drainLimit) {
      await sleep(1000);
      samples.push({ s: elapsed(), appended, lag: await lagNow() });
    }
  })();
  await appender;
  const appendSeconds = elapsed();
  const lagAtEnd = await lagNow();
  await consumer;
  await sampler;

  const achieved = appended / appendSeconds;
  const maxLag = Math.max(0, ...samples.map((s) => s.lag));
  console.log(`live      : appended ${fmt(appended)} entries in ${fmt(appendSeconds, 1)} s = ${fmt(achieved)} entries/s (target ${fmt(opts.rate)}/s), one writer, batches up to ${fmt(WRITE_BATCH)}, instants from the ${opts.liveClock === 'wall' ? 'wall clock' : 'traffic model'}; detection loop in the same process, ${passes} passes`);
  console.log(`  lag     : ${samples.filter((_, i) => i % 2 === 1 || samples.length <= 30).map((s) => `${fmt(s.s)}s:${fmt(s.lag)}`).join(' ')}`);
  console.log(
    `  result  : lag when appending stopped ${fmt(lagAtEnd)} entries (${fmt(lagAtEnd / opts.rate, 1)} s of input), max sampled ${fmt(maxLag)}; ` +
      (drainedAt !== null ? `caught up ${fmt(drainedAt - appendSeconds, 1)} s after appending stopped` : `NOT caught up ${drainLimit} s after start`) +
      `; consumed ${fmt(consumed)} entries = ${fmt(consumed / (drainedAt ?? elapsed()))} entries/s over the phase`,
  );
  console.log(
    `  work    : ${fmt(reread)} earlier entries re-read for ${fmt(consumed)} consumed (windows not held: first pass, late entries); at most ${fmt(maxGroups)} rule groups held; ` +
      `reading the new batches ${fmt((timings.range - before.range) / 1000, 1)} s, re-reading windows ${fmt((timings.reread - before.reread) / 1000, 1)} s, fan-out queries ${fmt((timings.fanOut - before.fanOut) / 1000, 1)} s, ` +
      `bench process peak RSS ${fmt(process.resourceUsage().maxRSS / 1024)} MiB (the generated traffic included)`,
  );
  const after = await allAlerts(source);
  const raised = after.length - alertsBefore;
  console.log(`  alerts  : ${raised} raised on ${fmt(normal)} live entries with no planted misuse${opts.liveClock === 'wall' ? ' (wall clock: the whole phase lands in one or two hours, far above any baseline)' : ''} (${fmt((raised * 10_000) / normal, 3)} per 10,000)`);

  // Take-over: another replica (nothing in memory) takes the next pass, first from the state the
  // loop saved (every MONITORING_STATE_SAVE_MS), then with no saved state at all.
  const settings = loadMonitoringSettings({}, { batchEntries: opts.batch, baselineDays: opts.historyDays });
  const clock = { now: () => new Date() };
  for (const withState of [true, false]) {
    const extra = events.slice(0, 5000).map((e) => ({ ...e, eventId: randomUUID(), ...(opts.liveClock === 'wall' ? { occurredAt: new Date().toISOString() } : {}) }));
    await writer.append(extra);
    if (!withState) await source.query(`DELETE FROM "monitoring"."window_states"`);
    const [saved] = await source.query(`SELECT "position", "saved_at", length("state") AS "bytes" FROM "monitoring"."window_states"`);
    const t = performance.now();
    const pass = await new MisuseDetection(source, settings, clock).runOnce();
    console.log(
      `  takeover: ${withState ? `from the state saved ${fmt((Date.now() - new Date(saved.saved_at).getTime()) / 1000, 1)} s before at position ${fmt(Number(saved.position))} (${fmt(Number(saved.bytes) / 1024)} KiB of JSON)` : 'with no saved state'}: ` +
        `first pass of a new replica ${fmt(performance.now() - t)} ms for ${fmt(pass.to - pass.from)} new entries, ${fmt(pass.reread)} earlier entries re-read (restored: ${pass.restored})`,
    );
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
