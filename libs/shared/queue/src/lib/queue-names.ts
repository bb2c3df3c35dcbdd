/** Every queue of the platform. Producers and consumers name queues only through this enum. */
export enum QueueName {
  AuditDelivery = 'audit-delivery',
  BillingSync = 'billing-sync',
  ConsentWebhooks = 'consent-webhooks',
  ExpirySweeps = 'expiry-sweeps',
  Monitoring = 'monitoring',
  /** Internal: proves the queue works end to end (readiness and tests). */
  Diagnostics = 'diagnostics',
}

/**
 * The payload type of every job, by queue and job name. A feature adds its jobs here, so a
 * producer cannot enqueue a job that no consumer knows, nor with the wrong payload.
 */
export interface JobPayloads {
  [QueueName.AuditDelivery]: { 'deliver-entries': { outboxIds: string[] } };
  [QueueName.BillingSync]: { 'report-usage': { organisationId: string; periodStart: string } };
  [QueueName.ConsentWebhooks]: { 'deliver-webhook': { deliveryId: string } };
  [QueueName.ExpirySweeps]: { 'sweep-expired': { asOf?: string } };
  [QueueName.Monitoring]: { 'evaluate-window': { fromIndex: string; toIndex: string } };
  [QueueName.Diagnostics]: { echo: { value: string } };
}

export type JobName<Q extends QueueName> = keyof JobPayloads[Q] & string;
export type JobPayload<Q extends QueueName, J extends JobName<Q>> = JobPayloads[Q][J];
