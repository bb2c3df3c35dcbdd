import type { AlertSeverity, MonitoredEntry, MonitoringAlert, MonitoringRuleSet, RuleId } from './monitoring.types';
import { windowStart } from './local-time.util';

/** An entry with its instant parsed once; every rule reads the same prepared batch. */
export interface PreparedEntry {
  entry: MonitoredEntry;
  ms: number;
}

/** Keeps access entries only (consent changes and bare decisions are not reads of citizen data). */
export function prepareEntries(entries: readonly MonitoredEntry[], rules: MonitoringRuleSet): PreparedEntry[] {
  const access = new Set<string>(rules.accessOperations);
  const out: PreparedEntry[] = [];
  for (const entry of entries) {
    if (!access.has(entry.operation)) continue;
    const ms = Date.parse(entry.occurredAt);
    if (Number.isNaN(ms)) continue;
    out.push({ entry, ms });
  }
  return out;
}

/** Groups entries by a key within epoch-aligned windows: Map<"window|key", entries>. */
export function groupByWindow(entries: readonly PreparedEntry[], windowMinutes: number, key: (e: PreparedEntry) => string | null): Map<string, { start: number; key: string; items: PreparedEntry[] }> {
  const groups = new Map<string, { start: number; key: string; items: PreparedEntry[] }>();
  for (const e of entries) {
    const k = key(e);
    if (k === null) continue;
    const start = windowStart(e.ms, windowMinutes);
    const id = `${start}|${k}`;
    let g = groups.get(id);
    if (!g) {
      g = { start, key: k, items: [] };
      groups.set(id, g);
    }
    g.items.push(e);
  }
  return groups;
}

export interface AlertInput {
  ruleId: RuleId;
  ruleVersion: number;
  severity: AlertSeverity;
  organisationId: string | null;
  citizenPseudonym?: string | null;
  purpose?: string | null;
  start: number;
  windowMinutes: number;
  counts: Record<string, number>;
  thresholds: Record<string, number>;
  baseline?: number | null;
  evidence: readonly PreparedEntry[];
  summary: string;
}

export function buildAlert(rules: MonitoringRuleSet, input: AlertInput): MonitoringAlert {
  const subject = input.organisationId ?? input.citizenPseudonym ?? '-';
  const windowStartIso = new Date(input.start).toISOString();
  return {
    alertKey: `${input.ruleId}:${subject}:${input.purpose ?? '-'}:${windowStartIso}`,
    ruleId: input.ruleId,
    ruleVersion: input.ruleVersion,
    ruleSetVersion: rules.version,
    severity: input.severity,
    organisationId: input.organisationId,
    citizenPseudonym: input.citizenPseudonym ?? null,
    purpose: input.purpose ?? null,
    windowStart: windowStartIso,
    windowEnd: new Date(input.start + input.windowMinutes * 60_000).toISOString(),
    counts: input.counts,
    thresholds: input.thresholds,
    baseline: input.baseline ?? null,
    entryIndexes: input.evidence.slice(0, rules.maxEvidence).map((e) => e.entry.index),
    summary: input.summary,
  };
}
