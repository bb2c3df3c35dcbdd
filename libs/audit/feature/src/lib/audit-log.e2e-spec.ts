import { randomBytes, randomUUID } from 'node:crypto';
import {
  AuditEvent,
  auditEventFixture,
  generateSignerKey,
  leafHash,
  leafNamesCitizen,
  decodeAuditLeaf,
  openCheckpoint,
  parseVerifierKey,
  verifyConsistency,
  verifyInclusion,
} from '@consentry/audit-domain';
import { AccessTokens } from '@consentry/shared-auth';
import { QueueName, QueueService, createQueueBackend } from '@consentry/shared-queue';
import { RunningService } from '@consentry/shared-runtime';
import { TEST_SECRETS, TestDatabase, sqlOn, startTestDatabase, startTestService, waitFor } from '@consentry/shared-testing';
import { createAuditLogService } from './audit-log.service';
import { AuditQueryService } from './queries/audit-query.service';

const ORIGIN = 'consentry.test/audit-log';
const oldKey = generateSignerKey(ORIGIN, randomBytes(32));
const newKey = generateSignerKey(ORIGIN, randomBytes(32));
const alice = 'a1'.repeat(32);
const bob = 'b2'.repeat(32);
const b64 = (s: string) => Buffer.from(s, 'base64');

describe(`audit log service on ${process.env['DATABASE_URL'] ? 'PostgreSQL' : 'PGlite'} with the queue on ${process.env['REDIS_URL'] ? 'Redis' : 'PostgreSQL'}`, () => {
  let db: TestDatabase;
  let service: RunningService;
  let producer: QueueService;
  const clock = { at: new Date('2026-03-10T00:00:00Z'), now() { return this.at; } };
  const prefix = `t${randomBytes(4).toString('hex')}`;
  const tokens = new AccessTokens(TEST_SECRETS.AUTH_TOKEN_SECRET);
  const citizenToken = (psn: string) => tokens.issue({ accountId: randomUUID(), role: 'citizen', citizenPseudonym: psn, eidLevel: 2 }).token;
  const regulatorToken = tokens.issue({ accountId: randomUUID(), role: 'regulator' }).token;

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const get = async (path: string, token?: string, base = service.url): Promise<{ status: number; type: string; body: any }> => {
    const res = await fetch(base + path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    const type = res.headers.get('content-type') ?? '';
    return { status: res.status, type, body: type.includes('json') ? await res.json() : type.includes('pdf') ? Buffer.from(await res.arrayBuffer()) : await res.text() };
  };
  const post = async (path: string, body: unknown, token: string) => {
    const res = await fetch(service.url + path, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: await res.json() };
  };
  const send = (events: unknown[]) => producer.add(QueueName.AuditDelivery, 'ingest-events', { events: events as AuditEvent[] });
  const treeSize = async (base = service.url) => {
    const res = await fetch(base + '/v1/log/checkpoint');
    return res.status === 200 ? Number((await res.text()).split('\n')[1]) : -1;
  };
  const untilSize = (size: number, base = service.url) => waitFor(async () => (await treeSize(base)) >= size, 30_000, `checkpoint of size ${size}`);
  const event = (overrides: Partial<AuditEvent> = {}) => auditEventFixture({ eventId: randomUUID(), ...overrides });
  const start = (key: string) =>
    startTestService(createAuditLogService({ clock, env: { AUDIT_LOG_ORIGIN: ORIGIN, AUDIT_SIGNING_KEY: key, AUDIT_CHECKPOINT_INTERVAL_MS: '200' } }), db.url, { QUEUE_PREFIX: prefix });

  beforeAll(async () => {
    db = await startTestDatabase();
    service = await start(oldKey.skey);
    producer = new QueueService(createQueueBackend({ databaseUrl: db.url, redisUrl: process.env['REDIS_URL'] || undefined, redisPrefix: prefix }));
  });
  afterAll(async () => {
    await producer?.onModuleDestroy();
    await service?.app.close();
    await db?.stop();
  });

  it('publishes a signed checkpoint of the empty log and its verifier key', async () => {
    await untilSize(0);
    const key = await get('/v1/log/key');
    expect(key.type).toContain('text/plain');
    expect(key.body).toBe(oldKey.vkey + '\n');
    const note = await get('/v1/log/checkpoint');
    expect(note.type).toContain('text/plain');
    const opened = openCheckpoint(note.body, [parseVerifierKey(key.body.trim())], ORIGIN);
    expect(opened.checkpoint.treeSize).toBe(0);
    const docs = await get('/docs/json');
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining(['/v1/log/checkpoint', '/v1/log/key', '/v1/log/entries/{index}', '/v1/log/proofs/inclusion', '/v1/log/proofs/consistency', '/v1/citizen/accesses', '/v1/regulator/statistics']),
    );
  });

  it('ingests queued events idempotently, records invalid ones, and proves every entry', async () => {
    const batch = [
      event({ citizenPseudonym: alice, occurredAt: '2026-03-01T01:00:00Z', organisationId: 'bank-a' }),
      event({ citizenPseudonym: alice, occurredAt: '2026-03-02T01:00:00Z', organisationId: 'telco-b', decision: 'deny', fee: null }),
      event({ citizenPseudonym: bob, occurredAt: '2026-03-02T02:00:00Z', personal: { matched: { fullName: true } } }),
      event({
        citizenPseudonym: alice,
        occurredAt: '2026-03-03T01:00:00Z',
        organisationId: 'police',
        legalBasis: { kind: 'legal-duty', reference: 'case-2026-17' },
        disclosureAfter: '2026-06-01',
      }),
    ];
    const invalid = { ...event(), citizenPseudonym: '001090012345' };
    await send(batch);
    await send([batch[0], batch[1], invalid]);
    // Delivered again (at least once): recorded as rejected once.
    await send([invalid]);
    await untilSize(4);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await treeSize()).toBe(4);
    const rejected = await sql(`SELECT event_id, errors FROM audit.rejected_events`);
    expect(rejected).toEqual([{ event_id: invalid.eventId, errors: [expect.objectContaining({ field: 'citizenPseudonym' })] }]);
    expect(JSON.stringify(rejected)).not.toContain('001090012345');

    const vkeys = [parseVerifierKey(oldKey.vkey)];
    const { checkpoint } = openCheckpoint((await get('/v1/log/checkpoint')).body, vkeys, ORIGIN);
    for (let index = 0; index < 4; index++) {
      const entry = await get(`/v1/log/entries/${index}`);
      expect(entry.status).toBe(200);
      const leaf = b64(entry.body.leaf);
      expect(entry.body.leafHash).toBe(leafHash(leaf).toString('base64'));
      expect(leaf.toString()).not.toMatch(/a1a1a1a1|b2b2b2b2/);
      const proof = await get(`/v1/log/proofs/inclusion?index=${index}&treeSize=4`);
      expect(proof.body).toEqual({ index, treeSize: 4, rootHash: checkpoint.rootHash.toString('base64'), proof: expect.any(Array) });
      expect(verifyInclusion(index, 4, leafHash(leaf), proof.body.proof.map(b64), checkpoint.rootHash)).toBe(true);
    }
    expect((await get('/v1/log/entries/4')).status).toBe(404);
    expect((await get('/v1/log/proofs/inclusion?index=0&treeSize=5')).body.type).toContain('tree-size-unknown');
    expect((await get('/v1/log/proofs/inclusion?index=4&treeSize=4')).status).toBe(400);
    expect((await get('/v1/log/entries/abc')).status).toBe(400);
    const range = await get('/v1/log/entries?start=1&limit=2');
    expect(range.body.entries.map((e: { index: number }) => e.index)).toEqual([1, 2]);
  });

  it('serves consistency proofs between every pair of published checkpoints', async () => {
    await send([event(), event()]);
    await untilSize(6);
    const { checkpoints } = (await get('/v1/log/checkpoints')).body;
    const vkeys = [parseVerifierKey(oldKey.vkey)];
    for (let i = 1; i < checkpoints.length; i++) {
      const [a, b] = [checkpoints[i - 1], checkpoints[i]].map((c) => openCheckpoint(c.note, vkeys, ORIGIN).checkpoint);
      const proof = await get(`/v1/log/proofs/consistency?from=${a.treeSize}&to=${b.treeSize}`);
      expect(proof.body.from).toBe(a.treeSize);
      expect(verifyConsistency(a.treeSize, b.treeSize, a.rootHash, b.rootHash, proof.body.proof.map(b64))).toBe(true);
    }
    expect((await get('/v1/log/proofs/consistency?from=5&to=3')).status).toBe(400);
  });

  it('shows a citizen only their own disclosed accesses, newest first, each with a proof that verifies', async () => {
    const page = await get('/v1/citizen/accesses?limit=1', citizenToken(alice));
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(1);
    expect(page.body.items[0].organisationId).toBe('telco-b');
    const next = await get(`/v1/citizen/accesses?limit=5&cursor=${page.body.nextCursor}`, citizenToken(alice));
    expect(next.body.items.map((i: { organisationId: string }) => i.organisationId)).toEqual(['bank-a']);
    expect(next.body.nextCursor).toBeNull();

    const { checkpoint } = openCheckpoint(page.body.checkpoint.note, [parseVerifierKey(oldKey.vkey)], ORIGIN);
    for (const item of [...page.body.items, ...next.body.items]) {
      const leaf = b64(item.leaf);
      expect(leafNamesCitizen(decodeAuditLeaf(leaf), alice, b64(item.subjectSalt))).toBe(true);
      expect(item.inclusion.treeSize).toBe(checkpoint.treeSize);
      expect(verifyInclusion(item.index, checkpoint.treeSize, leafHash(leaf), item.inclusion.proof.map(b64), checkpoint.rootHash)).toBe(true);
    }
    const denied = await get('/v1/citizen/accesses?decision=deny', citizenToken(alice));
    expect(denied.body.items.map((i: { organisationId: string }) => i.organisationId)).toEqual(['telco-b']);

    const bobs = await get('/v1/citizen/accesses', citizenToken(bob));
    expect(bobs.body.items).toHaveLength(1);
    expect(bobs.body.items[0].personal).toEqual({ matched: { fullName: true } });
  });

  it('reveals a deferred entry only once its disclosure date has passed', async () => {
    clock.at = new Date('2026-06-01T00:00:00+07:00');
    try {
      const page = await get('/v1/citizen/accesses', citizenToken(alice));
      expect(page.body.items[0].organisationId).toBe('police');
      expect(page.body.items[0].legalBasis).toEqual({ kind: 'legal-duty', reference: 'case-2026-17' });
    } finally {
      clock.at = new Date('2026-03-10T00:00:00Z');
    }
  });

  it('exports CSV and PDF, and records disputes for the regulator', async () => {
    const csv = await get('/v1/citizen/accesses/export.csv', citizenToken(alice));
    expect(csv.type).toContain('text/csv');
    expect(csv.body.trim().split('\r\n')).toHaveLength(3);
    const pdf = await get('/v1/citizen/accesses/export.pdf', citizenToken(alice));
    expect(pdf.type).toContain('application/pdf');
    expect((pdf.body as Buffer).subarray(0, 8).toString()).toBe('%PDF-1.4');

    const mine = (await get('/v1/citizen/accesses', citizenToken(alice))).body.items[0].index;
    const opened = await post(`/v1/citizen/accesses/${mine}/disputes`, { reason: 'I never applied to this telco' }, citizenToken(alice));
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ entryIndex: mine, status: 'open' });
    expect((await post(`/v1/citizen/accesses/${mine}/disputes`, { reason: 'again' }, citizenToken(alice))).status).toBe(409);
    expect((await post(`/v1/citizen/accesses/${mine}/disputes`, { reason: 'not mine' }, citizenToken(bob))).status).toBe(404);
    expect((await post(`/v1/citizen/accesses/3/disputes`, { reason: 'deferred' }, citizenToken(alice))).status).toBe(404);
    expect((await post(`/v1/citizen/accesses/${mine}/disputes`, { reason: '' }, citizenToken(alice))).status).toBe(400);
    const regulatorView = await get('/v1/regulator/disputes', regulatorToken);
    expect(regulatorView.body.disputes).toEqual([expect.objectContaining({ entryIndex: mine, citizenPseudonym: alice, reason: 'I never applied to this telco' })]);
  });

  it('lets regulators search everything and see usage statistics, and no one else', async () => {
    const all = await get('/v1/regulator/entries?limit=100', regulatorToken);
    expect(all.body.items).toHaveLength(6);
    const police = await get('/v1/regulator/entries?organisationId=police', regulatorToken);
    expect(police.body.items).toEqual([expect.objectContaining({ citizenPseudonym: alice, disclosureAfter: '2026-05-31T17:00:00.000Z' })]);
    const byField = await get('/v1/regulator/entries?field=dateOfBirth&decision=deny', regulatorToken);
    expect(byField.body.items.map((i: { organisationId: string }) => i.organisationId)).toEqual(['telco-b']);
    const stats = await get('/v1/regulator/statistics?from=2026-03-01T00:00:00%2B07:00&to=2026-04-01T00:00:00%2B07:00&bucket=month&organisationId=bank-a', regulatorToken);
    expect(stats.body.buckets).toEqual([{ bucket: '2026-03-01', organisationId: 'bank-a', purpose: 'account-opening', total: 1, allowed: 1, denied: 0, feesVnd: '3000' }]);
    const csv = await get('/v1/regulator/entries/export.csv', regulatorToken);
    expect(csv.body.trim().split('\r\n')).toHaveLength(7);
    expect((await get('/v1/regulator/entries', citizenToken(alice))).status).toBe(403);
    expect((await get('/v1/citizen/accesses', regulatorToken)).status).toBe(403);
    expect((await get('/v1/citizen/accesses')).status).toBe(401);
  });

  it('answers an organisation its own history and denials (the function the gateway exposes)', async () => {
    const queries = service.app.get(AuditQueryService);
    const bank = await queries.organisationHistory('bank-a', {}, { limit: 10 });
    expect(bank.items.map((i) => i.leaf.organisationId)).toEqual(['bank-a']);
    const denials = await queries.organisationHistory('telco-b', { decision: 'deny' }, { limit: 10 });
    expect(denials.items.map((i) => i.leaf.reasonCode)).toEqual(['consent-valid']);
    expect((await queries.organisationHistory('telco-b', { decision: 'allow' }, { limit: 10 })).items).toEqual([]);
  });

  it('refuses changes to the log at the database', async () => {
    await expect(sql(`UPDATE audit.entries SET decision = 'allow'`)).rejects.toThrow(/append-only/);
    await expect(sql(`DELETE FROM audit.checkpoints`)).rejects.toThrow(/append-only/);
  });

  it('rotates keys on a second replica: both sequence into one log, old checkpoints stay verifiable', async () => {
    const replica = await start([newKey.skey, oldKey.skey].join(','));
    try {
      const keys = (await get('/v1/log/keys', undefined, replica.url)).body.trim().split('\n');
      expect(keys).toEqual(expect.arrayContaining([oldKey.vkey, newKey.vkey]));
      expect((await get('/v1/log/key', undefined, replica.url)).body.trim()).toBe(newKey.vkey);
      await Promise.all(Array.from({ length: 10 }, () => send([event(), event(), event()])));
      await untilSize(36, replica.url);
      const entries = (await get('/v1/log/entries?start=0&limit=1000', undefined, replica.url)).body.entries;
      expect(entries.map((e: { index: number }) => e.index)).toEqual([...Array(36).keys()]);
      const verifiers = keys.map(parseVerifierKey);
      // Either replica may publish the checkpoint of size 36 first; one the old replica signed
      // alone lacks the new key, and the new replica signs that size again on its next pass
      // (AUDIT_CHECKPOINT_INTERVAL_MS, 200 ms here). So the latest comes to carry the new key.
      const signedByNewKey = (note: string) => {
        try {
          return openCheckpoint(note, [parseVerifierKey(newKey.vkey)], ORIGIN).checkpoint.treeSize === 36;
        } catch {
          return false;
        }
      };
      await waitFor(async () => signedByNewKey(await (await fetch(`${service.url}/v1/log/checkpoint`)).text()), 10_000, 'the size-36 checkpoint signed with the new key');
      const { checkpoints } = (await get('/v1/log/checkpoints?limit=1000')).body;
      expect(signedByNewKey(checkpoints[checkpoints.length - 1].note)).toBe(true);
      for (const c of checkpoints) expect(openCheckpoint(c.note, verifiers, ORIGIN).verified.length).toBeGreaterThan(0);
      expect(() => openCheckpoint(checkpoints[0].note, [parseVerifierKey(newKey.vkey)])).toThrow();
    } finally {
      await replica.app.close();
    }
  });

  it('shows a decision staff asked as theirs: role to the citizen, role and account to the regulator; refuses a malformed actor', async () => {
    const staff = randomUUID();
    const asked = event({
      citizenPseudonym: alice,
      occurredAt: '2026-03-05T01:00:00Z',
      organisationId: 'bank-a',
      operation: 'decision',
      fee: null,
      reasonCode: 'CONSENT_GRANTED',
      fields: ['fullName'],
      actor: { role: 'regulator', subject: staff },
    });
    const forged = { ...event({ operation: 'decision', fee: null }), actor: { role: 'regulator', subject: '001090012345' } };
    await send([asked, forged]);
    await untilSize(37);
    await waitFor(async () => (await sql(`SELECT 1 FROM audit.rejected_events WHERE event_id = $1`, [forged.eventId])).length === 1, 10_000, 'rejection recorded');
    const [rejected] = await sql(`SELECT errors FROM audit.rejected_events WHERE event_id = $1`, [forged.eventId]);
    expect(rejected.errors).toEqual([expect.objectContaining({ field: 'actor' })]);
    expect(JSON.stringify(rejected)).not.toContain('001090012345');

    const mine = (await get('/v1/citizen/accesses?limit=100', citizenToken(alice))).body.items;
    const item = mine.find((i: { eventId: string }) => i.eventId === asked.eventId);
    expect(item).toMatchObject({ organisationId: 'bank-a', operation: 'decision', requestedBy: 'regulator' });
    expect(item).not.toHaveProperty('actor');
    const { leaf: _leaf, ...shown } = item;
    expect(JSON.stringify(shown)).not.toContain(staff);
    expect(mine.filter((i: { requestedBy?: string }) => i.requestedBy).map((i: { eventId: string }) => i.eventId)).toEqual([asked.eventId]);
    const csv = (await get('/v1/citizen/accesses/export.csv', citizenToken(alice))).body.trim().split('\r\n');
    expect(csv[0].endsWith(',requestedBy')).toBe(true);
    expect(csv.find((line: string) => line.includes(asked.eventId))).toMatch(/,regulator$/);
    expect(csv.join('\n')).not.toContain(staff);

    const decisions = (await get('/v1/regulator/entries?operation=decision', regulatorToken)).body.items;
    expect(decisions).toEqual([expect.objectContaining({ eventId: asked.eventId, requestedBy: 'regulator', actor: { role: 'regulator', subject: staff }, citizenPseudonym: alice })]);
    const regulatorCsv = (await get('/v1/regulator/entries/export.csv?operation=decision', regulatorToken)).body.trim().split('\r\n');
    expect(regulatorCsv[0].endsWith(',requestedBy,citizenPseudonym,actorSubject')).toBe(true);
    expect(regulatorCsv[1].endsWith(`,regulator,${alice},${staff}`)).toBe(true);
    // Everything else in the log was the organisations' own doing.
    const all = (await get('/v1/regulator/entries?limit=100', regulatorToken)).body.items;
    expect(all.filter((i: { actor?: unknown }) => i.actor).map((i: { eventId: string }) => i.eventId)).toEqual([asked.eventId]);
  });

  function sql(text: string, params: unknown[] = []) {
    return sqlOn(db.url, text, params);
  }
});
