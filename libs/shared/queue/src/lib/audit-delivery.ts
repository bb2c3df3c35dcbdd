import type { JobsOptions, WorkerOptions } from 'bullmq';

/**
 * The options of every audit-delivery job. Once a producer has moved on (the gateway's outbox
 * marked delivered, the consent registry's cursor advanced) the queue holds the only copy of its
 * events, so a job is retried until the audit log takes it, however long the log's database is
 * away: as many attempts as the queue will count, a few seconds apart (fixed, with jitter, so a
 * backlog does not retry in step). Which jobs are kept is the consumer's choice, not set here:
 * the audit log keeps no completed job, since events may carry personal data.
 */
export function auditDeliveryJob(retryDelayMs = 5_000): JobsOptions {
  return { attempts: 1_000_000_000, backoff: { type: 'fixed', delay: retryDelayMs, jitter: 0.5 } };
}

/**
 * The audit-delivery consumer's settings for a job that stalls (its worker died or was blocked
 * past the lock): moved back to waiting each time, never failed for it.
 */
export const AUDIT_DELIVERY_STALLS: Pick<WorkerOptions, 'maxStalledCount'> = { maxStalledCount: 1_000_000_000 };
