import { z } from 'zod';
import { loadConfig } from '@consentry/shared-config';
import { MONITORING_RULES, type MonitoringRuleSet } from '@consentry/monitoring-domain';

/** Settings of the misuse monitor mounted in the audit-log service. */
export interface MonitoringSettings {
  /** How often the detection job runs (one BullMQ job scheduler shared by all replicas). */
  intervalMs: number;
  /** Most new audit entries one detection transaction reads. */
  batchEntries: number;
  /** Most batches per job run before yielding to the next run. */
  maxBatchesPerRun: number;
  /** How often volume baselines are re-learned from the log, and from how many days. */
  baselineRefreshMs: number;
  baselineDays: number;
  /** How often a replica saves its window state with the cursor (0: every pass), so another can take over cheaply. */
  stateSaveMs: number;
  rules: MonitoringRuleSet;
}

const schema = z.object({
  MONITORING_INTERVAL_MS: z.coerce.number().int().min(50).max(3_600_000).default(2000),
  MONITORING_BATCH_ENTRIES: z.coerce.number().int().min(100).max(200_000).default(20_000),
  MONITORING_MAX_BATCHES_PER_RUN: z.coerce.number().int().min(1).max(1000).default(20),
  MONITORING_BASELINE_REFRESH_MS: z.coerce.number().int().min(60_000).default(6 * 3_600_000),
  MONITORING_BASELINE_DAYS: z.coerce.number().int().min(7).max(365).default(28),
  MONITORING_STATE_SAVE_MS: z.coerce.number().int().min(0).max(3_600_000).default(10_000),
});

export function loadMonitoringSettings(env: Record<string, string | undefined> = process.env, overrides: Partial<MonitoringSettings> = {}): MonitoringSettings {
  const parsed = loadConfig(schema, env);
  return {
    intervalMs: parsed.MONITORING_INTERVAL_MS,
    batchEntries: parsed.MONITORING_BATCH_ENTRIES,
    maxBatchesPerRun: parsed.MONITORING_MAX_BATCHES_PER_RUN,
    baselineRefreshMs: parsed.MONITORING_BASELINE_REFRESH_MS,
    baselineDays: parsed.MONITORING_BASELINE_DAYS,
    stateSaveMs: parsed.MONITORING_STATE_SAVE_MS,
    rules: MONITORING_RULES,
    ...overrides,
  };
}

export const MONITORING_SETTINGS = Symbol('MONITORING_SETTINGS');
export const MONITORING_CLOCK = Symbol('MONITORING_CLOCK');
