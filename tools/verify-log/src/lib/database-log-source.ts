import { Pool } from 'pg';
import { NodeId, nodeKey } from '@consentry/audit-domain';
import {
  AuditEntryRepository,
  AuditTreeRepository,
  CheckpointRepository,
  Queryable,
  SigningKeyRepository,
  decodeNodeKey,
  encodeNodeKey,
} from '@consentry/audit-data-access';
import { LogSource, SourceCheckpoint, SourceEntry } from './log-source.types';

/** Reads a log straight from its tables (an operator's or a regulator's check of the database). */
export class DatabaseLogSource implements LogSource {
  private readonly pool: Pool;
  private readonly db: Queryable;

  constructor(private readonly url: string) {
    this.pool = new Pool({ connectionString: url, max: 2 });
    this.db = { query: async (sql: string, params?: unknown[]) => (await this.pool.query(sql, params)).rows };
  }

  describe() {
    return this.url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');
  }

  async verifierKeys() {
    return (await new SigningKeyRepository(this.db).all()).map((k) => k.vkey);
  }

  async checkpoints(): Promise<SourceCheckpoint[]> {
    const all: SourceCheckpoint[] = [];
    const repo = new CheckpointRepository(this.db);
    for (let after = 0; ; ) {
      const rows = await repo.list(after, 10_000);
      all.push(...rows.map((r) => ({ id: r.id, note: r.note })));
      if (rows.length < 10_000) return all;
      after = rows[rows.length - 1].id;
    }
  }

  async entries(start: number, limit: number): Promise<SourceEntry[]> {
    const rows = await new AuditEntryRepository(this.db).range(start, start + limit);
    const stream = await this.streamColumns(start, start + limit);
    return rows.map((r) => ({
      index: r.index,
      leaf: r.leaf,
      leafHash: r.leafHash,
      citizenPseudonym: r.citizenPseudonym,
      subjectSalt: r.subjectSalt,
      claimed: {
        eventId: r.eventId,
        occurredAt: r.occurredAt.toISOString(),
        organisationId: r.organisationId,
        operation: r.operation,
        purpose: r.purpose,
        decision: r.decision,
        fields: r.fields,
        feeAmountVnd: r.feeAmountVnd,
        disclosureAfter: r.disclosureAfter?.toISOString() ?? null,
        ...stream.get(r.index),
      },
    }));
  }

  /**
   * The columns the misuse monitor and the regulator's views read instead of the leaf, as the
   * leaf would say them. `reason_code` and `no_match` are NULL on rows written before they existed,
   * and the stream reads the leaf then: left out of the comparison. `sequential_id` NULL reads as
   * false (no leaf before it carried the flag), so it is always compared. A false flag is an
   * absent one in the leaf.
   */
  private async streamColumns(start: number, end: number): Promise<Map<number, Record<string, unknown>>> {
    const rows: { idx: string; reason_code: string | null; no_match: boolean | null; sequential_id: boolean | null; actor_role: string | null; actor_subject: string | null }[] =
      await this.db.query(
        `SELECT "idx", "reason_code", "no_match", "sequential_id", "actor_role", "actor_subject" FROM "audit"."entries" WHERE "idx" >= $1 AND "idx" < $2`,
        [start, end],
      );
    const flag = (v: boolean | null) => (v === null ? {} : { value: v ? true : null });
    return new Map(
      rows.map((r) => {
        const claimed: Record<string, unknown> = { actor: r.actor_role === null && r.actor_subject === null ? null : { role: r.actor_role, subject: r.actor_subject } };
        if (r.reason_code !== null) claimed['reasonCode'] = r.reason_code;
        const noMatch = flag(r.no_match);
        if ('value' in noMatch) claimed['noMatch'] = noMatch.value;
        claimed['sequentialId'] = r.sequential_id ? true : null;
        return [Number(r.idx), claimed];
      }),
    );
  }

  consistencyProof(from: number, to: number) {
    return new AuditTreeRepository(this.db).consistencyProof(from, to);
  }

  async inclusionProof(index: number, treeSize: number) {
    return new AuditTreeRepository(this.db).inclusionProofWithRoot(index, treeSize);
  }

  async storedNodes(ids: NodeId[]): Promise<Map<string, Buffer>> {
    if (ids.length === 0) return new Map();
    const rows: { node_key: string; hash: Buffer }[] = await this.db.query(`SELECT "node_key", "hash" FROM "audit"."tree_nodes" WHERE "node_key" = ANY($1::bigint[])`, [
      ids.map((id) => encodeNodeKey(id.level, id.index)),
    ]);
    return new Map(rows.map((r) => [nodeKey(decodeNodeKey(r.node_key)), r.hash]));
  }

  async storedNodeCount(): Promise<number> {
    const [row] = await this.db.query(`SELECT count(*)::bigint AS "n" FROM "audit"."tree_nodes"`);
    return Number(row.n);
  }

  async treeState() {
    const tree = new AuditTreeRepository(this.db);
    const head = await tree.head();
    const frontier = await tree.frontier();
    return { size: head.size, frontier: frontier.hashes, rootHash: head.rootHash };
  }

  async close() {
    await this.pool.end();
  }
}
