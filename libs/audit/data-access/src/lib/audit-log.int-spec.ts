import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  MemoryNodeStore,
  NormalisedAuditEvent,
  auditEventFixture,
  consistencyPlan,
  decodeAuditLeaf,
  inclusionPlan,
  leafHash,
  openPersonal,
  resolvePlan,
  validateAuditEvent,
  verifyInclusion,
} from '@consentry/audit-domain';
import { createDataSource, migrateSchema } from '@consentry/shared-database';
import { TestDatabase, startTestDatabase } from '@consentry/shared-testing';
import { AuditLogWriter } from './audit-log.writer';
import { AuditTreeRepository } from './audit-tree.repository';
import { AuditEntryRepository } from './audit-entry.repository';
import { CitizenKeyRepository } from './citizen-key.repository';
import { auditDatabase } from './audit-database';
import { AUDIT_SCHEMA } from './audit-storage.constant';

const KEK = Buffer.alloc(32, 42);
const pseudonym = (n: number) => n.toString(16).padStart(64, '0');

function event(overrides: Parameters<typeof auditEventFixture>[0] = {}): NormalisedAuditEvent {
  const result = validateAuditEvent(auditEventFixture({ eventId: randomUUID(), ...overrides }));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.event;
}

describe(`audit data access on ${process.env['DATABASE_URL'] ? 'PostgreSQL' : 'PGlite'}`, () => {
  let db: TestDatabase;
  let source: DataSource;
  let writer: AuditLogWriter;
  let tree: AuditTreeRepository;

  beforeAll(async () => {
    db = await startTestDatabase();
    expect(await migrateSchema(db.url, auditDatabase.migrationSet)).toEqual(['AuditInit1764000000700', 'AuditStreamColumns1764000000710', 'AuditSequentialId1764000000720', 'AuditRejectedOnce1764000000760', 'AuditActor1764000000770']);
    source = await createDataSource({ url: db.url, poolSize: 4, schema: AUDIT_SCHEMA, entities: auditDatabase.entities, migrationSets: [] }).initialize();
    writer = new AuditLogWriter(source, { keyEncryptionKey: KEK });
    tree = new AuditTreeRepository(source);
  });
  afterAll(async () => {
    await source?.destroy();
    await db?.stop();
  });

  it('sequences batches, skips events already logged, and serves proofs equal to an in-memory tree', async () => {
    const first = [event(), event({ citizenPseudonym: pseudonym(1) }), event({ citizenPseudonym: null })];
    const one = await writer.append(first);
    expect(one.appended.map((a) => a.index)).toEqual([0, 1, 2]);
    const again = await writer.append([first[1], event(), first[1]]);
    expect(again.duplicates).toEqual([first[1].eventId]);
    expect(again.appended).toEqual([{ eventId: expect.any(String), index: 3 }]);

    for (let i = 0; i < 5; i++) await writer.append(Array.from({ length: 7 + i }, () => event()));
    const head = await tree.head();
    const entries = await new AuditEntryRepository(source).range(0, head.size);
    expect(entries.map((e) => e.index)).toEqual([...Array(head.size).keys()]);
    const memory = new MemoryNodeStore();
    memory.append(entries.map((e) => leafHash(e.leaf)));
    expect(head.rootHash).toEqual(memory.root());
    expect(await tree.rootAt(head.size)).toEqual(memory.root());

    for (const size of [1, 5, head.size - 1, head.size]) {
      for (const index of [0, Math.floor(size / 2), size - 1]) {
        const proof = await tree.inclusionProof(index, size);
        expect(proof).toEqual(await resolvePlan(inclusionPlan(index, size), memory.fetch));
        expect(verifyInclusion(index, size, entries[index].leafHash, proof, await tree.rootAt(size))).toBe(true);
      }
      expect(await tree.consistencyProof(3, size >= 3 ? size : 3)).toEqual(await resolvePlan(consistencyPlan(3, size >= 3 ? size : 3), memory.fetch));
    }
  });

  it('keeps one sequence when several writers (replicas) append at once', async () => {
    const others = await Promise.all([1, 2].map(() => createDataSource({ url: db.url, poolSize: 2, schema: AUDIT_SCHEMA, entities: auditDatabase.entities, migrationSets: [] }).initialize()));
    try {
      const writers = [writer, ...others.map((s) => new AuditLogWriter(s, { keyEncryptionKey: KEK }))];
      const before = (await tree.head()).size;
      const shared = event();
      const outcomes = await Promise.all(writers.flatMap((w) => [w.append([shared, event(), event()]), w.append([event(), event()])]));
      const indexes = outcomes.flatMap((o) => o.appended.map((a) => a.index)).sort((a, b) => a - b);
      expect(indexes).toEqual(Array.from({ length: indexes.length }, (_, i) => before + i));
      expect(outcomes.flatMap((o) => o.appended).filter((a) => a.eventId === shared.eventId)).toHaveLength(1);
      const head = await tree.head();
      const entries = await new AuditEntryRepository(source).range(0, head.size);
      const memory = new MemoryNodeStore();
      memory.append(entries.map((e) => e.leafHash));
      expect(head.rootHash).toEqual(memory.root());
    } finally {
      await Promise.all(others.map((s) => s.destroy()));
    }
  });

  it.each([
    ['UPDATE', `UPDATE "audit"."entries" SET "purpose" = 'other' WHERE "idx" = 0`],
    ['UPDATE reason code', `UPDATE "audit"."entries" SET "reason_code" = 'other' WHERE "idx" = 0`],
    ['DELETE', `DELETE FROM "audit"."entries" WHERE "idx" = 0`],
    ['TRUNCATE', `TRUNCATE "audit"."entries" CASCADE`],
    ['UPDATE node', `UPDATE "audit"."tree_nodes" SET "hash" = "hash"`],
    ['DELETE node', `DELETE FROM "audit"."tree_nodes"`],
    ['shrink the tree', `UPDATE "audit"."tree_state" SET "size" = 0`],
    ['DELETE state', `DELETE FROM "audit"."tree_state"`],
    ['UPDATE key', `UPDATE "audit"."citizen_keys" SET "wrapped_key" = '\\x00'`],
    ['TRUNCATE keys', `TRUNCATE "audit"."citizen_keys"`],
  ])('refuses %s on log tables', async (_, sql) => {
    await new CitizenKeyRepository(source, KEK).getOrCreate([pseudonym(99)]);
    await expect(source.query(sql)).rejects.toThrow(/append-only|may only grow/);
  });

  it('erases a citizen key: the payload becomes unreadable, the leaf and proof stay valid', async () => {
    const citizen = pseudonym(77);
    const outcome = await writer.append([event({ citizenPseudonym: citizen, personal: { matched: { fullName: true } } })]);
    const index = outcome.appended[0].index;
    const entry = (await new AuditEntryRepository(source).byIndex(index))!;
    const keys = new CitizenKeyRepository(source, KEK);
    const key = (await keys.find([citizen])).get(citizen)!;
    expect(openPersonal(decodeAuditLeaf(entry.leaf), key)).toEqual({ matched: { fullName: true } });

    expect(await keys.erase(citizen)).toBe(true);
    expect((await keys.find([citizen])).size).toBe(0);
    const head = await tree.head();
    const after = (await new AuditEntryRepository(source).byIndex(index))!;
    expect(after.leaf).toEqual(entry.leaf);
    expect(verifyInclusion(index, head.size, after.leafHash, await tree.inclusionProof(index, head.size), head.rootHash)).toBe(true);
  });

  it('pages a citizen history newest first with filters and hides deferred entries until their date', async () => {
    const citizen = pseudonym(5);
    const at = (day: number) => `2026-01-${String(day).padStart(2, '0')}T10:00:00.000Z`;
    await writer.append([
      event({ citizenPseudonym: citizen, occurredAt: at(1), organisationId: 'org-a' }),
      event({ citizenPseudonym: citizen, occurredAt: at(3), organisationId: 'org-b', decision: 'deny' }),
      event({ citizenPseudonym: citizen, occurredAt: at(2), organisationId: 'org-a' }),
      event({ citizenPseudonym: citizen, occurredAt: at(4), disclosureAfter: '2026-02-01T00:00:00Z', legalBasis: { kind: 'legal-duty', reference: 'case-1' } }),
    ]);
    const entries = new AuditEntryRepository(source);
    const visibleAt = new Date('2026-01-15T00:00:00Z');
    const first = await entries.page({ citizenPseudonym: citizen }, { limit: 2, visibleAt });
    expect(first.rows.map((r) => r.occurredAt.toISOString())).toEqual([at(3), at(2)]);
    const second = await entries.page({ citizenPseudonym: citizen }, { limit: 2, visibleAt, cursor: first.next! });
    expect(second.rows.map((r) => r.occurredAt.toISOString())).toEqual([at(1)]);
    expect(second.next).toBeNull();
    expect((await entries.page({ citizenPseudonym: citizen }, { limit: 10, visibleAt: new Date('2026-02-01T00:00:00Z') })).rows).toHaveLength(4);
    expect((await entries.page({ citizenPseudonym: citizen, organisationId: 'org-a' }, { limit: 10, visibleAt })).rows).toHaveLength(2);
    expect((await entries.page({ citizenPseudonym: citizen, decision: 'deny' }, { limit: 10, visibleAt })).rows).toHaveLength(1);
    const stats = await entries.statistics({ organisationId: 'org-a' }, 'month');
    expect(stats).toEqual([{ bucket: '2026-01-01', organisationId: 'org-a', purpose: 'account-opening', total: 2, allowed: 2, denied: 0, feesVnd: '6000' }]);
  });
});
