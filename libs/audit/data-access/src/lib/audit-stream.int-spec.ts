import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  MemoryNodeStore,
  NormalisedAuditEvent,
  SUBJECT_SALT_BYTES,
  appendToFrontier,
  auditEventFixture,
  buildAuditLeaf,
  decodeAuditLeaf,
  frontierRoot,
  nodesToStore,
  validateAuditEvent,
} from '@consentry/audit-domain';
import { createDataSource, migrateSchema } from '@consentry/shared-database';
import { TestDatabase, startTestDatabase } from '@consentry/shared-testing';
import { AuditLogWriter, readFrontier } from './audit-log.writer';
import { AuditEntryRepository } from './audit-entry.repository';
import { AuditStreamRepository } from './audit-stream.repository';
import { AuditInit1764000000700 } from './audit-init.migration';
import { auditDatabase } from './audit-database';
import { AUDIT_SCHEMA, NODE_STRIDE, encodeNodeKey } from './audit-storage.constant';

const KEK = Buffer.alloc(32, 42);
const OPERATIONS = ['verify', 'lookup', 'batch', 'decision', 'consent-change'];

function event(overrides: Parameters<typeof auditEventFixture>[0] = {}): NormalisedAuditEvent {
  const result = validateAuditEvent(auditEventFixture({ eventId: randomUUID(), ...overrides }));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.event;
}

/** A mix the stream must tell apart: no-match accesses, other reason codes, a non-access. */
const mix = (): NormalisedAuditEvent[] => [
  event({ operation: 'verify', reasonCode: 'consent-valid', noMatch: true }),
  event({ operation: 'lookup', decision: 'deny', reasonCode: 'no-consent', fee: null }),
  event({ operation: 'decision', reasonCode: 'policy-allow', citizenPseudonym: null }),
  event({ operation: 'batch', reasonCode: 'consent-valid', noMatch: false }),
];

/**
 * AuditLogWriter as it was before AuditStreamColumns (the same leaf, tree and entry, without
 * `reason_code` and `no_match`): the rows of a log written before the migration, or by a replica
 * still on the previous version during a rolling deploy.
 */
async function appendAsOldWriter(source: DataSource, events: NormalisedAuditEvent[]): Promise<void> {
  await source.transaction(async (manager) => {
    const [state] = await manager.query(`SELECT "size", "frontier" FROM "audit"."tree_state" WHERE "id" = 1 FOR UPDATE`);
    const frontier = readFrontier(Number(state.size), state.frontier);
    const built = events.map((e) => {
      const salt = e.citizenPseudonym ? Buffer.alloc(SUBJECT_SALT_BYTES, 9) : null;
      return { e, salt, ...buildAuditLeaf(e, { subjectSalt: salt }) };
    });
    for (const [i, b] of built.entries()) {
      await manager.query(
        `INSERT INTO "audit"."entries" ("idx", "event_id", "leaf", "leaf_hash", "occurred_at", "organisation_id", "operation", "purpose",
           "decision", "fields", "fee_amount_vnd", "citizen_pseudonym", "subject_salt", "disclosure_after")
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
        [
          frontier.size + i,
          b.e.eventId,
          b.bytes,
          b.hash,
          b.e.occurredAt,
          b.e.organisationId,
          b.e.operation,
          b.e.purpose,
          b.e.decision,
          b.e.fields,
          b.e.fee?.amountVnd ?? null,
          b.e.citizenPseudonym,
          b.salt,
          b.e.disclosureAfter,
        ],
      );
    }
    const appended = appendToFrontier(frontier, built.map((b) => b.hash));
    for (const n of nodesToStore(appended.nodes, NODE_STRIDE).filter((n) => n.level > 0)) {
      await manager.query(`INSERT INTO "audit"."tree_nodes" ("node_key", "hash") VALUES ($1, $2)`, [encodeNodeKey(n.level, n.index), n.hash]);
    }
    await manager.query(`UPDATE "audit"."tree_state" SET "size" = $1, "frontier" = $2, "root_hash" = $3 WHERE "id" = 1`, [
      appended.frontier.size,
      Buffer.concat(appended.frontier.hashes),
      frontierRoot(appended.frontier),
    ]);
  });
}

const columns = (source: DataSource): Promise<{ idx: string; reason_code: string | null; no_match: boolean | null }[]> =>
  source.query(`SELECT "idx", "reason_code", "no_match" FROM "audit"."entries" ORDER BY "idx"`);

describe(`audit stream columns on ${process.env['DATABASE_URL'] ? 'PostgreSQL' : 'PGlite'}`, () => {
  let db: TestDatabase;
  let source: DataSource;
  /** Every event in log order, as the stream must return it. */
  const logged: NormalisedAuditEvent[] = [];

  beforeAll(async () => {
    db = await startTestDatabase();
    // The schema as it was before AuditStreamColumns.
    expect(await migrateSchema(db.url, { schema: AUDIT_SCHEMA, migrations: [AuditInit1764000000700] })).toEqual(['AuditInit1764000000700']);
    source = await createDataSource({ url: db.url, poolSize: 4, schema: AUDIT_SCHEMA, entities: auditDatabase.entities, migrationSets: [] }).initialize();
  });
  afterAll(async () => {
    await source?.destroy();
    await db?.stop();
  });

  it('adds the columns to a log already written without rewriting its rows', async () => {
    const old = mix();
    await appendAsOldWriter(source, old);
    logged.push(...old);
    const before = await source.query(`SELECT "idx", "leaf", "leaf_hash" FROM "audit"."entries" ORDER BY "idx"`);

    expect(await migrateSchema(db.url, auditDatabase.migrationSet)).toEqual(['AuditStreamColumns1764000000710', 'AuditSequentialId1764000000720', 'AuditRejectedOnce1764000000760', 'AuditActor1764000000770']);
    expect(await source.query(`SELECT "idx", "leaf", "leaf_hash" FROM "audit"."entries" ORDER BY "idx"`)).toEqual(before);
    expect((await columns(source)).map((r) => [r.reason_code, r.no_match])).toEqual(old.map(() => [null, null]));
  });

  it('stores reasonCode and noMatch in the columns of new entries', async () => {
    const fresh = mix();
    const outcome = await new AuditLogWriter(source, { keyEncryptionKey: KEK }).append(fresh);
    logged.push(...fresh);
    const byIndex = new Map((await columns(source)).map((r) => [Number(r.idx), r]));
    expect(outcome.appended.map((a) => byIndex.get(a.index)).map((r) => [r?.reason_code, r?.no_match])).toEqual([
      ['consent-valid', true],
      ['no-consent', false],
      ['policy-allow', false],
      ['consent-valid', false],
    ]);
  });

  it('reads the same reasonCode and noMatch as the leaves hold, for entries with and without the columns', async () => {
    // A replica still on the previous writer appends after the migration: NULL columns again.
    const late = mix();
    await appendAsOldWriter(source, late);
    logged.push(...late);
    const last = event({ operation: 'lookup', reasonCode: 'citizen-not-found', noMatch: true });
    await new AuditLogWriter(source, { keyEncryptionKey: KEK }).append([last]);
    logged.push(last);

    const stream = new AuditStreamRepository(source);
    const size = await stream.size();
    expect(size).toBe(logged.length);
    const rows = await stream.range(0, size, OPERATIONS);
    const expected = logged.map((e) => ({ reasonCode: e.reasonCode, noMatch: e.noMatch === true }));
    expect(rows.map((r) => ({ reasonCode: r.reasonCode, noMatch: r.noMatch }))).toEqual(expected);
    // What the stream read before the columns: the leaf's own values.
    const entries = await new AuditEntryRepository(source).range(0, size);
    expect(entries.map((e) => decodeAuditLeaf(e.leaf)).map((l) => ({ reasonCode: l.reasonCode, noMatch: l.noMatch === true }))).toEqual(expected);
    expect((await columns(source)).map((r) => r.reason_code === null)).toEqual([true, true, true, true, false, false, false, false, true, true, true, true, false]);

    const all = await stream.occurredIn(new Date(0), new Date('2100-01-01T00:00:00Z'), size, OPERATIONS);
    expect(all).toEqual(rows);
    // Old and new writers built one tree.
    const memory = new MemoryNodeStore();
    memory.append(entries.map((e) => e.leafHash));
    const [state] = await source.query(`SELECT "root_hash" FROM "audit"."tree_state" WHERE "id" = 1`);
    expect(state.root_hash).toEqual(memory.root());
  });

  it('carries the gateway\'s sequential-ID mark into the leaf, the column and the stream', async () => {
    const marked = event({ operation: 'verify', reasonCode: 'consent-valid', sequentialId: true });
    const plain = event({ operation: 'verify', reasonCode: 'consent-valid' });
    const { appended } = await new AuditLogWriter(source, { keyEncryptionKey: KEK }).append([marked, plain]);
    logged.push(marked, plain);
    const [first, second] = appended.map((a) => a.index) as [number, number];
    const rows = await new AuditStreamRepository(source).range(first, second + 1, OPERATIONS);
    expect(rows.map((r) => r.sequentialId)).toEqual([true, false]);
    const leaves = await new AuditEntryRepository(source).range(first, second + 1);
    expect(leaves.map((e) => decodeAuditLeaf(e.leaf).sequentialId)).toEqual([true, undefined]);
    expect(validateAuditEvent({ ...auditEventFixture({ eventId: randomUUID(), operation: 'consent-change', fee: null }), sequentialId: true }).ok).toBe(false);
  });

  it('copies the actor of a decision staff asked into its columns (NULL otherwise), and refuses a malformed one at the database', async () => {
    const staff = '5f0c2b7e-1d3a-4c8e-9b6f-2a4d6e8f0a1c';
    const asked = event({ operation: 'decision', fee: null, reasonCode: 'CONSENT_GRANTED', actor: { role: 'regulator', subject: staff } });
    const own = event({ operation: 'decision', fee: null, reasonCode: 'CASE_OPEN', citizenPseudonym: null });
    const { appended } = await new AuditLogWriter(source, { keyEncryptionKey: KEK }).append([asked, own]);
    logged.push(asked, own);
    const indexes = appended.map((a) => a.index);
    const rows = await source.query(`SELECT "actor_role", "actor_subject" FROM "audit"."entries" WHERE "idx" = ANY($1::bigint[]) ORDER BY "idx"`, [indexes]);
    expect(rows).toEqual([{ actor_role: 'regulator', actor_subject: staff }, { actor_role: null, actor_subject: null }]);
    const leaves = await new AuditEntryRepository(source).range(indexes[0]!, indexes[1]! + 1);
    expect(leaves.map((e) => decodeAuditLeaf(e.leaf).actor)).toEqual([{ role: 'regulator', subject: staff }, undefined]);

    const insert = (role: string | null, subject: string | null) =>
      source.query(
        `INSERT INTO "audit"."entries" ("idx", "event_id", "leaf", "leaf_hash", "occurred_at", "organisation_id", "operation", "purpose", "decision", "fields", "actor_role", "actor_subject")
         VALUES (1000000, $1, '\\x7b7d', $2, now(), 'o', 'decision', 'p', 'allow', '{}', $3, $4)`,
        [randomUUID(), Buffer.alloc(32), role, subject],
      );
    await expect(insert('citizen', staff)).rejects.toThrow(/entries_actor/);
    await expect(insert('regulator', null)).rejects.toThrow(/entries_actor/);
    await expect(insert(null, staff)).rejects.toThrow(/entries_actor/);
  });

  it('names the citizens whose window holds entries from enough organisations, and returns only their entries', async () => {
    const hour = Date.parse('2026-04-01T03:00:00Z');
    const at = (minute: number) => new Date(hour + minute * 60_000).toISOString();
    const shopped = 'a1'.repeat(32);
    const fewer = 'b2'.repeat(32);
    const writer = new AuditLogWriter(source, { keyEncryptionKey: KEK });
    const { appended } = await writer.append([
      ...[0, 1, 2, 3].map((k) => event({ operation: 'verify', organisationId: `org-${k}`, citizenPseudonym: shopped, occurredAt: at(k) })),
      event({ operation: 'consent-change', organisationId: 'org-9', citizenPseudonym: shopped, occurredAt: at(5), fee: null }), // not an access
      event({ operation: 'lookup', organisationId: 'org-8', citizenPseudonym: shopped, occurredAt: at(70) }), // the next hour
      ...[0, 1, 2].map((k) => event({ operation: 'verify', organisationId: `org-${k}`, citizenPseudonym: fewer, occurredAt: at(k) })),
    ]);
    const fifth = await writer.append([event({ operation: 'lookup', organisationId: 'org-4', citizenPseudonym: shopped, occurredAt: at(30) })]);
    const stream = new AuditStreamRepository(source);
    const asked = [shopped, fewer].map((citizenPseudonym) => ({ citizenPseudonym, fromMs: hour, toMs: hour + 3_600_000 }));
    const access = ['verify', 'lookup', 'batch'];
    const size = await stream.size();

    const found = await stream.citizensSeenByOrganisations(asked, 5, size, access);
    expect(found.map((r) => [r.index, r.organisationId])).toEqual([...appended.slice(0, 4).map((a, k) => [a.index, `org-${k}`]), [fifth.appended[0]?.index, 'org-4']]);
    // Sequenced before the fifth organisation's entry, the citizen is not a candidate yet.
    expect(await stream.citizensSeenByOrganisations(asked, 5, fifth.appended[0]?.index ?? 0, access)).toEqual([]);
    expect(await stream.citizensSeenByOrganisations(asked, 3, size, access)).toHaveLength(5 + 3);
    expect(await stream.citizensSeenByOrganisations([], 5, size, access)).toEqual([]);
  });

  it.each([
    ['backfill reason_code', `UPDATE "audit"."entries" SET "reason_code" = 'consent-valid' WHERE "reason_code" IS NULL`],
    ['backfill no_match', `UPDATE "audit"."entries" SET "no_match" = false WHERE "no_match" IS NULL`],
    ['change no_match', `UPDATE "audit"."entries" SET "no_match" = NOT "no_match" WHERE "no_match" IS NOT NULL`],
  ])('still refuses to %s: entries are append-only', async (_, sql) => {
    await expect(source.query(sql)).rejects.toThrow(/append-only/);
  });
});
