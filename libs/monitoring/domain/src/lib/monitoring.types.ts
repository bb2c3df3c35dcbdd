import type { AuditDecision, AuditOperation } from '@consentry/audit-domain';

/**
 * One audit entry as the monitor sees it: the public fields of an `AuditEvent` plus its log
 * index (so every alert links back to verifiable entries). Personal payloads never reach the
 * monitor; the citizen is known only by pseudonym.
 */
export interface MonitoredEntry {
  /** Position in the audit log (leaf index). */
  index: number;
  /** ISO 8601 instant with a zone. */
  occurredAt: string;
  organisationId: string;
  operation: AuditOperation;
  purpose: string;
  decision: AuditDecision;
  reasonCode: string;
  fields: readonly string[];
  citizenPseudonym: string | null;
  /**
   * True when a verify answered no_match on some field. The audit event does not carry match
   * results in clear, so the consumer that can read them sets this; otherwise only the reason
   * codes listed in the rule set count as a miss.
   */
  noMatch?: boolean;
  /** The gateway saw this organisation ask, shortly before, for a neighbouring ID number. */
  sequentialId?: boolean;
}

export type AlertSeverity = 'low' | 'medium' | 'high' | 'critical';

export type RuleId = 'denials' | 'volume-anomaly' | 'enumeration' | 'purpose-drift' | 'sensitive-fields' | 'off-hours-bulk' | 'citizen-fan-out';

/** An alert carries its own evidence so a regulator can see why it fired without re-running rules. */
export interface MonitoringAlert {
  /** Stable per rule, subject and window: the same data always yields the same key (dedupe). */
  alertKey: string;
  ruleId: RuleId;
  ruleVersion: number;
  ruleSetVersion: string;
  severity: AlertSeverity;
  organisationId: string | null;
  /** Citizen pseudonym for citizen-centred rules (fan-out); null otherwise. */
  citizenPseudonym: string | null;
  purpose: string | null;
  windowStart: string;
  windowEnd: string;
  counts: Record<string, number>;
  thresholds: Record<string, number>;
  /** Expected count for the window from the organisation's own history, when the rule uses one. */
  baseline: number | null;
  /** Audit log indexes of the entries that made the rule fire (at most `maxEvidence`). */
  entryIndexes: number[];
  summary: string;
}

/** Expected entries per hour for an organisation, per local (day of week * 24 + hour) slot. */
export interface VolumeBaseline {
  version: string;
  /** organisationId -> 168 expected counts (Sunday 00:00 local first). */
  hourly: Record<string, readonly number[]>;
}

export interface DenialRule {
  version: number;
  windowMinutes: number;
  /** Denials for these reasons are lack of consent or licence; others (bad input) are not misuse. */
  reasonCodes: readonly string[];
  minDenials: number;
  minDenialRatio: number;
  highSeverityAt: number;
}

export interface VolumeRule {
  version: number;
  /** count must exceed factor * baseline AND baseline + minExcess. */
  factor: number;
  minExcess: number;
  /** Used when an organisation has no baseline yet. */
  minCountWithoutBaseline: number;
  highSeverityFactor: number;
}

export interface EnumerationRule {
  version: number;
  windowMinutes: number;
  minDistinctCitizens: number;
  /** (no-match + denials) / accesses. */
  minFailureRatio: number;
  noMatchReasonCodes: readonly string[];
  highSeverityAt: number;
  /**
   * From rule version 2: this many accesses marked `sequentialId` in the window is a scan through
   * ID numbers, whatever the miss ratio (absent in version 1, which did not look at the mark).
   */
  minSequentialIds?: number;
}

export interface PurposeDriftRule {
  version: number;
  windowMinutes: number;
  /** purpose -> fields that fit it; a purpose missing here is itself drift. */
  expectedFields: Record<string, readonly string[]>;
  minEntries: number;
  minRatio: number;
}

export interface SensitiveFieldRule {
  version: number;
  windowMinutes: number;
  sensitiveFields: readonly string[];
  minEntries: number;
  minRatio: number;
}

export interface OffHoursRule {
  version: number;
  /** Local hours (0-23) that count as off hours. */
  localHours: readonly number[];
  minEntries: number;
  baselineFactor: number;
}

export interface CitizenFanOutRule {
  version: number;
  windowMinutes: number;
  minOrganisations: number;
}

/** Every threshold the monitor uses; versioned so an alert can say which rules produced it. */
export interface MonitoringRuleSet {
  version: string;
  effectiveFrom: string;
  /** Asia/Ho_Chi_Minh has had no daylight saving since 1975, so a fixed offset is exact. */
  timeZone: { name: string; utcOffsetMinutes: number };
  /** Operations that read citizen data; others (consent changes, bare decisions) are not accesses. */
  accessOperations: readonly AuditOperation[];
  maxEvidence: number;
  denials: DenialRule;
  volume: VolumeRule;
  enumeration: EnumerationRule;
  purposeDrift: PurposeDriftRule;
  sensitiveFields: SensitiveFieldRule;
  offHours: OffHoursRule;
  citizenFanOut: CitizenFanOutRule;
}
