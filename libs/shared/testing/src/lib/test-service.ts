import { randomBytes } from 'node:crypto';
import { RunningService, ServiceSpec, loadServiceEnv, startService } from '@consentry/shared-runtime';
import { createLogger } from '@consentry/shared-observability';
import { AuditEventMessage, QueueName, QueueService } from '@consentry/shared-queue';

export const TEST_SECRETS = {
  AUTH_TOKEN_SECRET: 'test-token-secret-0123456789abcdef0123456789',
  PSEUDONYM_KEY: 'test-pseudonym-key-0123456789abcdef0123456789',
};

/**
 * Starts a service on a free port against the given database, with the queue on Redis when
 * REDIS_URL is set (as CI does) and on PostgreSQL otherwise.
 */
export async function startTestService(spec: ServiceSpec, databaseUrl: string, env: Record<string, string> = {}): Promise<RunningService> {
  const serviceEnv = loadServiceEnv(spec, {
    ...TEST_SECRETS,
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env['REDIS_URL'],
    QUEUE_PREFIX: `t${randomBytes(4).toString('hex')}`,
    LOG_LEVEL: 'silent',
    DATABASE_POOL_SIZE: '4',
    [spec.portVariable]: '0',
    ...env,
  });
  return startService(spec, serviceEnv, createLogger(spec.name, serviceEnv.LOG_LEVEL));
}

/** The audit events on a service's audit-delivery queue, in every job state (tests where nothing consumes them). */
export async function queuedAuditEvents(service: RunningService): Promise<AuditEventMessage[]> {
  const jobs = await service.app.get(QueueService).queue(QueueName.AuditDelivery).getJobs(['waiting', 'delayed', 'prioritized', 'active', 'completed', 'failed']);
  // getJobs lists by state, the newest job first: events of two relay passes would come out of
  // order. Jobs in the order they were queued (a stable sort), each job's events in its order.
  return jobs.sort((a, b) => a.timestamp - b.timestamp).flatMap((j) => (j.data as { events: AuditEventMessage[] }).events);
}
