import { randomUUID } from 'node:crypto';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessRecordBatcher, GatewayRequestRow } from '@consentry/gateway-data-access';
import { GatewayStack, Org } from './gateway-fixtures';

/* eslint-disable @typescript-eslint/no-explicit-any */

// Group commit (ADR 0006): one batch statement at a time, so that concurrent requests queue and share it.
describe('group commit of answered requests', () => {
  let s: GatewayStack;
  let bank: Org;

  beforeAll(async () => {
    s = await GatewayStack.start({ GATEWAY_RECORD_BATCHES_IN_FLIGHT: '1', GATEWAY_RECORD_BATCH_MAX: '16' });
    bank = await s.organisation('Batch Bank');
    await s.licence(bank, { grants: [{ purposeCode: 'account-opening', operations: ['verify'], fields: ['fullName', 'dateOfBirth'] }] });
    for (const c of s.citizens.slice(0, 4)) await s.grantConsent(bank, c, ['fullName', 'dateOfBirth']);
  });
  afterAll(() => s?.stop());

  /** The gateway's group-commit counters, from its /metrics. */
  async function counters() {
    const text: string = await (await fetch(`${s.gateway.url}/metrics`)).text();
    const value = (name: string, label: string) => Number(new RegExp(`^${name}\\{${label}[^}]*\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
    return {
      batched: value('gateway_record_writes_total', 'how="batched"'),
      busy: value('gateway_record_writes_total', 'how="busy"'),
      batches: value('gateway_record_batches_total', 'outcome="committed"'),
      failed: value('gateway_record_batches_total', 'outcome="failed"'),
    };
  }

  const verify = (org: Org, citizen: number) =>
    s.call('POST', '/v1/verifications', org.key, { citizenId: s.citizens[citizen].idNumber, purpose: 'account-opening', claims: { fullName: s.citizens[citizen].fullName } });

  it('shares statements under load; each answer has one request row, one charge and one audit event, each denial no charge', async () => {
    await s.topUp(bank, '100000000');
    const before = await counters();
    // Citizens 0-3 consented, 4 and 5 did not (403, recorded and audited, not charged).
    const replies = await Promise.all(Array.from({ length: 120 }, (_, i) => verify(bank, i % 6)));
    const answered = replies.filter((r) => r.status === 200).map((r) => r.body);
    const denied = replies.filter((r) => r.status === 403).map((r) => r.body);
    expect([answered.length, denied.length]).toEqual([80, 40]);
    const after = await counters();
    expect(after.batches).toBeGreaterThan(before.batches);
    expect(after.batched - before.batched).toBeGreaterThanOrEqual(60);
    expect(after.failed).toBe(before.failed);

    const requests = await s.sql(`SELECT id, decision, charge_id, audit_event_id FROM gateway.requests WHERE organisation_id = $1`, [bank.id]);
    const charges = await s.sql(`SELECT id, request_id FROM metering.ledger_transactions WHERE organisation_id = $1 AND kind = 'charge'`, [bank.id]);
    const events = new Set((await s.sql(`SELECT event_id FROM gateway.audit_outbox`)).map((o: any) => o.event_id));
    expect(requests).toHaveLength(120);
    expect(new Set(requests.map((r: any) => r.audit_event_id)).size).toBe(120);
    for (const r of requests) expect(events.has(r.audit_event_id)).toBe(true);
    const allowed = requests.filter((r: any) => r.decision === 'allow');
    expect(allowed.map((r: any) => r.id).sort()).toEqual(answered.map((a) => a.requestId).sort());
    expect(charges.map((c: any) => c.request_id).sort()).toEqual(allowed.map((r: any) => r.id).sort());
    expect(charges.map((c: any) => c.id).sort()).toEqual(answered.map((a) => a.charge.chargeId).sort());
    expect(requests.filter((r: any) => r.decision === 'deny').every((r: any) => r.charge_id === null)).toBe(true);
    expect(denied.map((d) => d.audit.eventId).every((id: string) => events.has(id))).toBe(true);
    expect(await s.balance(bank)).toBe(100_000_000n - 80n * 1_000n);
  }, 120_000);

  it("leaves room in the audit outbox's pages, so that the relay's claim can stay on its page", async () => {
    const [table] = await s.sql(`SELECT reloptions FROM pg_class WHERE oid = 'gateway.audit_outbox'::regclass`);
    expect(table.reloptions).toEqual(['fillfactor=60']);
  });

  it('never overdraws: charges a batch cannot make from a free slot are made again on their own', async () => {
    const tight = await s.organisation('Tight Batch Bank');
    await s.licence(tight, { grants: [{ purposeCode: 'account-opening', operations: ['verify'], fields: ['fullName'] }] });
    await s.grantConsent(tight, s.citizens[0], ['fullName']);
    await s.topUp(tight, '10000');
    const before = await counters();
    const statuses = (await Promise.all(Array.from({ length: 40 }, () => verify(tight, 0)))).map((r) => r.status);
    expect(statuses.filter((x) => x === 200)).toHaveLength(10);
    expect(statuses.filter((x) => x === 402)).toHaveLength(30);
    expect(await s.balance(tight)).toBe(0n);
    const after = await counters();
    expect(after.batches).toBeGreaterThan(before.batches);
    expect(after.busy).toBeGreaterThan(before.busy);
    const [charged] = await s.sql(`SELECT count(*)::int AS n FROM metering.ledger_transactions WHERE organisation_id = $1 AND kind = 'charge'`, [tight.id]);
    expect(charged.n).toBe(10);
  }, 120_000);

  it('answers every request of a batch that committed but lost its reply, each charged and audited once', async () => {
    await s.topUp(bank, '100000000');
    const proto = AccessRecordBatcher.prototype as any;
    const statement = proto.statement;
    // The statement commits, then its connection drops before the reply arrives.
    proto.statement = async function (this: unknown, ...args: unknown[]) {
      await statement.apply(this, args);
      throw new Error('Connection terminated unexpectedly');
    };
    const before = await counters();
    let replies: Awaited<ReturnType<typeof verify>>[];
    try {
      replies = await Promise.all(Array.from({ length: 24 }, (_, i) => verify(bank, i % 4)));
    } finally {
      proto.statement = statement;
    }
    expect((await counters()).failed).toBeGreaterThan(before.failed);
    expect(replies.map((r) => r.status)).toEqual(Array(24).fill(200));
    const ids = replies.map((r) => r.body.requestId as string);
    const [stored] = await s.sql(
      `SELECT count(DISTINCT r.id)::int AS requests, count(DISTINCT o.event_id)::int AS events, count(DISTINCT t.id)::int AS charges, count(t.id)::int AS charge_rows
         FROM gateway.requests r JOIN gateway.audit_outbox o ON o.event_id = r.audit_event_id
         JOIN metering.ledger_transactions t ON t.request_id = r.id::text AND t.kind = 'charge'
        WHERE r.id = ANY($1::uuid[])`,
      [ids],
    );
    expect(stored).toEqual({ requests: 24, events: 24, charges: 24, charge_rows: 24 });
    expect(replies.map((r) => r.body.charge.chargeId).every(Boolean)).toBe(true);
  }, 60_000);

  it('writes a failed batch record by record: one bad record fails only its own request', async () => {
    const ds = s.gateway.app.get<DataSource>(getDataSourceToken());
    const batcher = new AccessRecordBatcher(ds, { maxBatch: 8, maxInFlight: 1 });
    const row = (id = randomUUID()): GatewayRequestRow => ({
      id, organisationId: bank.id, apiKeyId: bank.keyId, operation: 'verify', batchId: null, purpose: 'account-opening', citizenPseudonym: null,
      consentId: null, decision: 'rejected', reasonCode: 'INVALID_INPUT', fields: [], charge: null, auditEventId: randomUUID(), createdAt: new Date(),
    });
    const write = (r: GatewayRequestRow) => batcher.write(r, { eventId: r.auditEventId, payload: { eventId: r.auditEventId, requestId: r.id } });
    const [existing] = await s.sql(`SELECT id FROM gateway.requests WHERE organisation_id = $1 LIMIT 1`, [bank.id]);
    // The first write runs alone; the next five queue behind it and share one statement, which
    // fails on the duplicate id, so each is written again on its own.
    const rows = [row(), row(), row(), row(existing.id), row(), row()];
    const results = await Promise.allSettled(rows.map(write));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(String((results[3] as PromiseRejectedResult).reason.message)).toMatch(/duplicate key/);
    expect(batcher.stats).toMatchObject({ batches: 0, fallbacks: 1 });
    const good = rows.filter((_, i) => i !== 3);
    const stored = await s.sql(`SELECT r.id FROM gateway.requests r JOIN gateway.audit_outbox o ON o.event_id = r.audit_event_id WHERE r.id = ANY($1::uuid[])`, [good.map((r) => r.id)]);
    expect(stored.map((r: any) => r.id).sort()).toEqual(good.map((r) => r.id).sort());
    const [orphans] = await s.sql(`SELECT count(*)::int AS n FROM gateway.audit_outbox WHERE event_id = $1`, [rows[3].auditEventId]);
    expect(orphans.n).toBe(0);

    // And a batch of good records commits as one statement.
    const more = [row(), row(), row(), row()];
    await Promise.all(more.map(write));
    expect(batcher.stats).toMatchObject({ batches: 1, batched: 3, fallbacks: 1 });
    expect(await s.sql(`SELECT id FROM gateway.requests WHERE id = ANY($1::uuid[])`, [more.map((r) => r.id)])).toHaveLength(4);

    // Batches of one: group commit off, every record written on its own.
    const off = new AccessRecordBatcher(ds, { maxBatch: 1, maxInFlight: 1 });
    const alone = [row(), row(), row()];
    await Promise.all(alone.map((r) => off.write(r, { eventId: r.auditEventId, payload: { eventId: r.auditEventId } })));
    expect(off.stats).toMatchObject({ batches: 0, alone: 3 });
    expect(await s.sql(`SELECT id FROM gateway.requests WHERE id = ANY($1::uuid[])`, [alone.map((r) => r.id)])).toHaveLength(3);
  }, 60_000);
});
