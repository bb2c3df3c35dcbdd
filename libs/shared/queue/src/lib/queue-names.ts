/** Every queue of the platform. Producers and consumers name queues only through this enum. */
export enum QueueName {
  AuditDelivery = 'audit-delivery',
  BillingSync = 'billing-sync',
  ConsentWebhooks = 'consent-webhooks',
  ExpirySweeps = 'expiry-sweeps',
  Monitoring = 'monitoring',
  /** Breach-notification reminders and escalation (repeatable sweep). */
  MonitoringDeadlines = 'monitoring-deadlines',
  /** Citizens' access notifications: the audit-log consumer (repeatable). */
  CitizenNotifications = 'citizen-notifications',
  /** Citizens' access notifications: signed webhook deliveries with retries. */
  CitizenNotificationWebhooks = 'citizen-notification-webhooks',
  /** Internal: proves the queue works end to end (readiness and tests). */
  Diagnostics = 'diagnostics',
}

/**
 * One access, decision or consent change sent to the audit log (job 'ingest-events'). The same
 * shape as AuditEvent in @consentry/audit-domain, re-declared here because shared libs may not
 * import a domain; the audit log validates every event again on receipt. The citizen appears
 * only as the keyed pseudonym of their ID number (HMAC-SHA256 hex, PSEUDONYM_KEY), never the number.
 */
export interface AuditEventMessage {
  /** UUID chosen by the producer; the audit log ingests each id once. */
  eventId: string;
  /** ISO 8601 timestamp with a zone. */
  occurredAt: string;
  organisationId: string;
  operation: 'verify' | 'lookup' | 'batch' | 'decision' | 'consent-change';
  purpose: string;
  legalBasis: { kind: 'consent'; consentId: string | null } | { kind: 'legal-duty'; reference: string };
  decision: 'allow' | 'deny';
  reasonCode: string;
  /** Field codes of the population field catalogue. */
  fields: string[];
  /** amountVnd: whole VND as a decimal string or a safe integer, never a fraction. */
  fee: { product: string; amountVnd: string | number; scheduleVersion: string } | null;
  requestId: string;
  citizenPseudonym: string | null;
  /** Hidden from the citizen until then (an ISO date means 00:00 in Vietnam). */
  disclosureAfter?: string | null;
  /** Personal data to keep, sealed with the citizen's key at rest (requires citizenPseudonym). */
  personal?: Record<string, unknown> | null;
  /** True when a verification answered no_match on every field asked or a lookup found no citizen. */
  noMatch?: boolean;
  /** True when the gateway saw this organisation ask, shortly before, for an ID number next to this one. */
  sequentialId?: boolean;
  /**
   * Only when a member of staff, not the organisation, caused the event (operation 'decision': a
   * decision asked on POST /v1/decisions, or a regulator's case action): their role and staff
   * account id (a UUID). Absent for every event the organisation or the monitor caused.
   */
  actor?: { role: 'operator' | 'regulator'; subject: string };
}

/**
 * The payload type of every job, by queue and job name. A feature adds its jobs here, so a
 * producer cannot enqueue a job that no consumer knows, nor with the wrong payload.
 */
export interface JobPayloads {
  [QueueName.AuditDelivery]: { 'ingest-events': { events: AuditEventMessage[] } };
  [QueueName.BillingSync]: {
    /** Report one organisation's usage of one Vietnam day (periodStart: YYYY-MM-DD) to Stripe. */
    'report-usage': { organisationId: string; periodStart: string };
    /** Find closed days not yet reported and enqueue 'report-usage' for each. */
    'sweep-usage': { asOf: string };
    /** Handle one verified Stripe webhook event, stored in metering.stripe_events. */
    'stripe-event': { eventId: string };
    /** Ledger balances vs sums of entries. */
    'reconcile-ledger': { asOf: string };
    /** Charges vs the audit log's answered requests in [from, to) (ISO instants). */
    'reconcile-audit': { from: string; to: string };
  };
  [QueueName.ConsentWebhooks]: { 'deliver-webhook': { deliveryId: string } };
  [QueueName.ExpirySweeps]: { 'sweep-expired': { asOf?: string } };
  [QueueName.Monitoring]: {
    /** Run misuse detection over new audit entries, open cases for new disputes, redeliver case-action audit events. */
    'detect-misuse': { reason: 'schedule' | 'manual' };
  };
  [QueueName.MonitoringDeadlines]: { 'sweep-deadlines': { reason: 'schedule' | 'manual' } };
  [QueueName.CitizenNotifications]: {
    /** Read audit entries after the notifier's cursor and release due deferred ones. */
    'consume-audit': { reason: 'schedule' | 'manual' };
  };
  [QueueName.CitizenNotificationWebhooks]: { 'deliver-webhook': { deliveryId: string } };
  [QueueName.Diagnostics]: { echo: { value: string } };
}

export type JobName<Q extends QueueName> = keyof JobPayloads[Q] & string;
export type JobPayload<Q extends QueueName, J extends JobName<Q>> = JobPayloads[Q][J];
