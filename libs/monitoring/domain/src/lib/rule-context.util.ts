import type { AlertSeverity, MonitoredEntry, MonitoringAlert, MonitoringRuleSet, RuleId, VolumeBaseline } from './monitoring.types';

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

/**
 * A rule as a fold over entries: each entry it concerns joins one group (an epoch-aligned window
 * and a key such as the organisation), whose state is small and updated in place; a group is
 * judged from its state alone. So a consumer can keep the open windows' state between passes
 * and add each new batch, instead of re-reading the windows, and still get what one pass over
 * the whole window would give.
 */
export interface WindowRule<S = unknown> {
  ruleId: RuleId;
  windowMinutes: number;
  /** The group key of an entry, or null when the rule does not look at it. */
  key(e: PreparedEntry): string | null;
  empty(): S;
  add(state: S, e: PreparedEntry): void;
  judge(state: S, group: { start: number; key: string }, baseline: VolumeBaseline): MonitoringAlert | null;
}

/** Entry indexes kept as a group's evidence: the first `max`, in log order. */
export function keepEvidence(evidence: number[], e: PreparedEntry, max: number): void {
  if (evidence.length < max) evidence.push(e.entry.index);
}

/** A group that counts every entry it is given and keeps the first as evidence. */
export interface CountState {
  accesses: number;
  evidence: number[];
}

/** The `empty` and `add` of a rule whose groups only count (volume, off hours). */
export function countingFold(maxEvidence: number): Pick<WindowRule<CountState>, 'empty' | 'add'> {
  return {
    empty: () => ({ accesses: 0, evidence: [] }),
    add(s, e) {
      s.accesses += 1;
      keepEvidence(s.evidence, e, maxEvidence);
    },
  };
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
  /** Log indexes of the entries that made it fire (the first `maxEvidence` are kept). */
  evidence: readonly number[];
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
    entryIndexes: input.evidence.slice(0, rules.maxEvidence),
    summary: input.summary,
  };
}
