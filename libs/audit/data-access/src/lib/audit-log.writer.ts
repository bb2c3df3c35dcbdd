import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  HASH_SIZE,
  NormalisedAuditEvent,
  SUBJECT_SALT_BYTES,
  StoredNode,
  TreeFrontier,
  appendToFrontier,
  buildAuditLeaf,
  frontierNodes,
  frontierRoot,
  nodesToStore,
} from '@consentry/audit-domain';
import { NODE_STRIDE, encodeNodeKey } from './audit-storage.constant';
import { CitizenKeyRepository } from './citizen-key.repository';

export interface AppendOutcome {
  /** Events sequenced by this call, with their log index. */
  appended: { eventId: string; index: number }[];
  /** Event ids already in the log (or repeated in the batch): ignored, as delivery is at least once. */
  duplicates: string[];
  treeSize: number;
  rootHash: Buffer;
}

export interface AuditLogWriterOptions {
  keyEncryptionKey: Buffer;
  random?: (bytes: number) => Buffer;
}

/**
 * The sequencer. One transaction per batch: lock the single tree_state row (SELECT ... FOR
 * UPDATE), so any number of replicas append one batch at a time; skip events already logged;
 * write entries, the tree nodes they complete and the new frontier; commit. A crash before
 * commit loses the whole batch, which the queue delivers again.
 */
export class AuditLogWriter {
  private readonly random: (bytes: number) => Buffer;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: AuditLogWriterOptions,
  ) {
    this.random = options.random ?? randomBytes;
  }

  /**
   * Appends a batch. The costly part (leaf encoding, sealing, hashing) runs before the
   * sequencer lock is taken; inside it only the index assignment, the tree nodes and the inserts.
   */
  async append(events: readonly NormalisedAuditEvent[]): Promise<AppendOutcome> {
    const duplicates = new Set<string>();
    const unique: NormalisedAuditEvent[] = [];
    const inBatch = new Set<string>();
    for (const event of events) {
      if (inBatch.has(event.eventId)) duplicates.add(event.eventId);
      else unique.push(event);
      inBatch.add(event.eventId);
    }
    const logged = await this.alreadyLogged(this.dataSource, unique);
    for (const id of logged) duplicates.add(id);
    const candidates = unique.filter((e) => !logged.has(e.eventId));

    const keys = await new CitizenKeyRepository(this.dataSource, this.options.keyEncryptionKey, this.random).getOrCreate(
      candidates.filter((e) => e.personal && e.citizenPseudonym).map((e) => e.citizenPseudonym!),
    );
    const prepared = candidates.map((event) => {
      const subjectSalt = event.citizenPseudonym ? this.random(SUBJECT_SALT_BYTES) : null;
      const built = buildAuditLeaf(event, {
        subjectSalt,
        personalKey: event.personal ? keys.get(event.citizenPseudonym!) : undefined,
        personalNonce: event.personal ? this.random(12) : undefined,
      });
      return { event, subjectSalt, bytes: built.bytes, hash: built.hash };
    });
    return this.dataSource.transaction((manager) => this.sequence(manager, prepared, duplicates));
  }

  private async alreadyLogged(source: DataSource | EntityManager, events: readonly NormalisedAuditEvent[]): Promise<Set<string>> {
    if (events.length === 0) return new Set();
    const rows: { event_id: string }[] = await source.query(`SELECT "event_id" FROM "audit"."entries" WHERE "event_id" = ANY($1::uuid[])`, [
      events.map((e) => e.eventId),
    ]);
    return new Set(rows.map((r) => r.event_id));
  }

  private async sequence(manager: EntityManager, prepared: Omit<EntryRowToInsert, 'index'>[], duplicates: Set<string>): Promise<AppendOutcome> {
    const [state] = await manager.query(`SELECT "size", "frontier" FROM "audit"."tree_state" WHERE "id" = 1 FOR UPDATE`);
    const frontier = readFrontier(Number(state.size), state.frontier);
    // Another replica may have logged some of these since the check above; under the lock this is final.
    const raced = await this.alreadyLogged(manager, prepared.map((p) => p.event));
    for (const id of raced) duplicates.add(id);
    const rows = prepared.filter((p) => !raced.has(p.event.eventId)).map((p, i) => ({ ...p, index: frontier.size + i }));
    if (rows.length === 0) return { appended: [], duplicates: [...duplicates], treeSize: frontier.size, rootHash: frontierRoot(frontier) };

    const appended = appendToFrontier(frontier, rows.map((r) => r.hash));
    await insertEntries(manager, rows);
    await insertNodes(manager, appended.nodes);
    const root = frontierRoot(appended.frontier);
    await manager.query(`UPDATE "audit"."tree_state" SET "size" = $1, "frontier" = $2, "root_hash" = $3, "updated_at" = now() WHERE "id" = 1`, [
      appended.frontier.size,
      Buffer.concat(appended.frontier.hashes),
      root,
    ]);
    return {
      appended: rows.map((r) => ({ eventId: r.event.eventId, index: r.index })),
      duplicates: [...duplicates],
      treeSize: appended.frontier.size,
      rootHash: root,
    };
  }
}

export function readFrontier(size: number, concatenated: Buffer): TreeFrontier {
  const count = frontierNodes(size).length;
  if (concatenated.length !== count * HASH_SIZE) throw new Error(`tree_state frontier has ${concatenated.length} bytes for size ${size}`);
  return { size, hashes: Array.from({ length: count }, (_, i) => Buffer.from(concatenated.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE))) };
}

interface EntryRowToInsert {
  event: NormalisedAuditEvent;
  index: number;
  subjectSalt: Buffer | null;
  bytes: Buffer;
  hash: Buffer;
}

async function insertEntries(manager: EntityManager, rows: EntryRowToInsert[]): Promise<void> {
  // One statement per batch: arrays unnested server-side (fields travel comma-joined; field
  // codes cannot contain commas).
  await manager.query(
    `INSERT INTO "audit"."entries" ("idx", "event_id", "leaf", "leaf_hash", "occurred_at", "organisation_id", "operation", "purpose",
       "decision", "fields", "fee_amount_vnd", "citizen_pseudonym", "subject_salt", "disclosure_after", "reason_code", "no_match", "sequential_id",
       "actor_role", "actor_subject")
     SELECT u.idx, u.event_id, u.leaf, u.leaf_hash, u.occurred_at, u.organisation_id, u.operation, u.purpose, u.decision,
            CASE WHEN u.fields = '' THEN '{}'::text[] ELSE string_to_array(u.fields, ',') END,
            u.fee, u.pseudonym, u.salt, u.disclosure_after, u.reason_code, u.no_match, u.sequential_id, u.actor_role, u.actor_subject
       FROM unnest($1::bigint[], $2::uuid[], $3::bytea[], $4::bytea[], $5::timestamptz[], $6::text[], $7::text[], $8::text[],
                   $9::text[], $10::text[], $11::bigint[], $12::text[], $13::bytea[], $14::timestamptz[], $15::text[], $16::boolean[], $17::boolean[],
                   $18::text[], $19::uuid[])
         AS u(idx, event_id, leaf, leaf_hash, occurred_at, organisation_id, operation, purpose, decision, fields, fee, pseudonym, salt, disclosure_after,
              reason_code, no_match, sequential_id, actor_role, actor_subject)`,
    [
      rows.map((r) => r.index),
      rows.map((r) => r.event.eventId),
      rows.map((r) => r.bytes),
      rows.map((r) => r.hash),
      rows.map((r) => r.event.occurredAt),
      rows.map((r) => r.event.organisationId),
      rows.map((r) => r.event.operation),
      rows.map((r) => r.event.purpose),
      rows.map((r) => r.event.decision),
      rows.map((r) => r.event.fields.join(',')),
      rows.map((r) => r.event.fee?.amountVnd ?? null),
      rows.map((r) => r.event.citizenPseudonym),
      rows.map((r) => r.subjectSalt),
      rows.map((r) => r.event.disclosureAfter),
      rows.map((r) => r.event.reasonCode),
      // Never NULL from this writer: NULL marks an entry whose leaf must be read. The leaf has
      // `noMatch` only when true, so false here is what reading an older entry's leaf gives.
      rows.map((r) => r.event.noMatch === true),
      rows.map((r) => r.event.sequentialId === true),
      rows.map((r) => r.event.actor?.role ?? null),
      rows.map((r) => r.event.actor?.subject ?? null),
    ],
  );
}

async function insertNodes(manager: EntityManager, nodes: StoredNode[]): Promise<void> {
  const stored = nodesToStore(nodes, NODE_STRIDE).filter((n) => n.level > 0);
  if (stored.length === 0) return;
  await manager.query(`INSERT INTO "audit"."tree_nodes" ("node_key", "hash") SELECT * FROM unnest($1::bigint[], $2::bytea[])`, [
    stored.map((n) => encodeNodeKey(n.level, n.index)),
    stored.map((n) => n.hash),
  ]);
}
