import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { RecordedBy, SuspensionRecord, SuspensionRepository } from '@consentry/policy-data-access';

/**
 * Suspending and lifting from another service that shares the database (the regulator's cases
 * in the audit-log service), inside that service's transaction: the suspension commits with the
 * case action that records it, and every decision reads it from the database (PolicyReader), so
 * the next request is refused on every replica. Checks of the caller's input are the caller's.
 */
export class SuspensionCommands {
  async suspend(source: DataSource | EntityManager, s: { target: 'organisation' | 'api-key'; organisationId: string; apiKeyId: string | null; reason: string; by: RecordedBy }): Promise<SuspensionRecord> {
    return new SuspensionRepository(source).insert({ id: randomUUID(), ...s, apiKeyId: s.apiKeyId?.toLowerCase() ?? null });
  }

  /** False when it was lifted already (a lift is final). */
  lift(source: DataSource | EntityManager, id: string, reason: string | null, by: RecordedBy): Promise<boolean> {
    return new SuspensionRepository(source).lift(id, reason, by);
  }

  find(source: DataSource | EntityManager, id: string): Promise<SuspensionRecord | null> {
    return new SuspensionRepository(source).find(id);
  }
}
