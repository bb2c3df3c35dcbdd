import { DataSource, EntityManager } from 'typeorm';

/** The public columns of an audit entry plus the citizen's pseudonym: what a consumer in log order needs. */
export interface SequencedEntry {
  index: number;
  occurredAt: string;
  organisationId: string;
  operation: string;
  purpose: string;
  decision: string;
  fields: string[];
  citizenPseudonym: string | null;
  /** ISO instant before which the citizen must not be told of this entry, or null. */
  disclosureAfter: string | null;
}

/**
 * Entries with index >= `fromIndex`, in log order, at most `limit`. For consumers in the same
 * PostgreSQL cluster that keep their own cursor (monitoring's notifier). Inside a transaction
 * pass its EntityManager.
 */
export async function auditEntriesFrom(source: DataSource | EntityManager, fromIndex: number, limit: number): Promise<SequencedEntry[]> {
  const rows: Record<string, unknown>[] = await source.query(
    `SELECT "idx", "occurred_at", "organisation_id", "operation", "purpose", "decision", "fields", "citizen_pseudonym", "disclosure_after"
       FROM "audit"."entries" WHERE "idx" >= $1 ORDER BY "idx" LIMIT $2`,
    [fromIndex, limit],
  );
  return rows.map((r) => ({
    index: Number(r['idx']),
    occurredAt: new Date(r['occurred_at'] as string).toISOString(),
    organisationId: r['organisation_id'] as string,
    operation: r['operation'] as string,
    purpose: r['purpose'] as string,
    decision: r['decision'] as string,
    fields: r['fields'] as string[],
    citizenPseudonym: (r['citizen_pseudonym'] as string | null) ?? null,
    disclosureAfter: r['disclosure_after'] ? new Date(r['disclosure_after'] as string).toISOString() : null,
  }));
}
