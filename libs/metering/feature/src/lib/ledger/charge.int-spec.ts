import { randomUUID } from 'node:crypto';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { RunningService } from '@consentry/shared-runtime';
import { TestDatabase, startTestDatabase, startTestService } from '@consentry/shared-testing';
import { ChargeConflictError, InsufficientBalanceError, LedgerRuleError, QuotaExceededError } from '../metering.errors';
import { InMemoryAuditLedgerSource, AuditLedgerSource } from '../reconciliation/audit-ledger-source.port';
import { ReconciliationService } from '../reconciliation/reconciliation.service';
import { CHARGE_CALL_COLUMNS, chargeBatchFrom, chargeCallArgs } from '@consentry/metering-data-access';
import { meteringTestSpec, seedOrganisation, sql } from '../testing/metering-test.fixture';
import { ChargeService } from './charge.service';
import { ChargeInput } from './charge.types';

const vn = (local: string) => new Date(`${local}+07:00`);

describe(`ChargeService and the ledger on ${process.env['DATABASE_URL'] ? 'PostgreSQL' : 'PGlite'}`, () => {
  let db: TestDatabase;
  let replicas: RunningService[];
  let charges: ChargeService;
  let other: ChargeService;
  let ds: DataSource;
  let orgA: string;
  let orgB: string;
  let agency: string;
  const audit = new InMemoryAuditLedgerSource(2);

  const input = (overrides: Partial<ChargeInput> = {}): ChargeInput => ({
    requestId: randomUUID(),
    organisationId: orgA,
    organisationKind: 'enterprise',
    product: 'SPDC01',
    purpose: 'account-opening',
    fieldsCount: 18,
    citizenSelf: false,
    outcome: 'match',
    at: vn('2024-06-10T09:30:00'),
    ...overrides,
  });
  const charge = (i: ChargeInput, service = charges) => ds.transaction((m) => service.charge(m, i));

  beforeAll(async () => {
    db = await startTestDatabase();
    const spec = meteringTestSpec({ runJobs: false }, [{ provide: AuditLedgerSource, useValue: audit }]);
    replicas = [await startTestService(spec, db.url)];
    replicas.push(await startTestService(spec, db.url));
    charges = replicas[0].app.get(ChargeService);
    other = replicas[1].app.get(ChargeService);
    ds = replicas[0].app.get(getDataSourceToken());
    orgA = await seedOrganisation(db.url, 'Ngân hàng A');
    orgB = await seedOrganisation(db.url, 'Bank B');
    agency = await seedOrganisation(db.url, 'Bộ Công an', 'state-agency');
  });
  afterAll(async () => {
    for (const r of replicas ?? []) await r.app.close();
    await db?.stop();
  });

  it('refuses a charge the prepaid balance does not cover, and leaves the transaction usable', async () => {
    const result = await ds.transaction(async (m) => {
      const error = await charges.charge(m, input()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InsufficientBalanceError);
      expect(error).toMatchObject({ balanceVnd: '0', requiredVnd: '18000' });
      return (await m.query('SELECT 1 AS ok'))[0].ok;
    });
    expect(result).toBe(1);
    expect((await sql(db.url, `SELECT count(*)::int AS n FROM metering.ledger_transactions`))[0].n).toBe(0);
  });

  it('looks replays up by key in a batch also when its plans were made while the ledger looked empty', async () => {
    // The test before leaves the ledger empty. A plan cached now (as the bench's warm-up caches
    // them, after an ANALYZE of a fresh database) must still find request ids through the index,
    // not scan it for every call (ADR 0007: a NOT EXISTS anti join did).
    expect((await sql(db.url, `SELECT count(*)::int AS n FROM metering.ledger_transactions`))[0].n).toBe(0);
    await sql(db.url, 'ANALYZE metering.ledger_transactions');
    const org = await seedOrganisation(db.url, 'Plan Co');
    await charges.topUp({ organisationId: org, amountVnd: '100000000', reference: 'plan-1', actor: 'test' });
    const session = new Client({ connectionString: db.url });
    await session.connect();
    try {
      const indexReads = async () => {
        // This session's counts reach the shared statistics when it next goes idle.
        await session.query('SELECT pg_stat_force_next_flush()');
        await session.query('SELECT pg_stat_clear_snapshot()');
        const [row] = (await session.query(`SELECT idx_scan::int AS scans, idx_tup_read::int AS entries FROM pg_stat_user_indexes WHERE indexrelname = 'ledger_transactions_charge_request_key'`)).rows;
        return row as { scans: number; entries: number };
      };
      const before = await indexReads();
      const batches = 12;
      for (let b = 0; b < batches; b++) {
        const calls = [];
        for (let n = 0; n < 15; n++) calls.push({ n, call: chargeCallArgs((await charges.prepare(ds, input({ organisationId: org, fieldsCount: 1 }))).call!) });
        const { rows } = await session.query(`SELECT status FROM ${chargeBatchFrom('$1::jsonb')}`, [JSON.stringify(calls)]);
        expect(rows.every((r: { status: string }) => r.status === 'charged')).toBe(true);
      }
      const after = await indexReads();
      // Every batch looked its ids up through the index, and read no entry that was not one of them.
      expect(after.scans - before.scans).toBeGreaterThanOrEqual(batches);
      expect(after.entries - before.entries).toBe(0);
    } finally {
      await session.end();
    }
  });

  it('charges 18 fields at 1,000 VND after a top-up, double entry, and replays a retry', async () => {
    await charges.topUp({ organisationId: orgA, amountVnd: '100000', reference: 'bank-1', actor: 'test' });
    const again = await charges.topUp({ organisationId: orgA, amountVnd: '100000', reference: 'bank-1', actor: 'test' });
    expect(again.replayed).toBe(true);
    const i = input();
    const first = await charge(i);
    expect(first).toMatchObject({ billable: true, units: 18, unitPriceVnd: '1000', amountVnd: '18000', scheduleVersion: 'TT48-2022.1', replayed: false });
    const retry = await charge(i, other);
    expect(retry).toMatchObject({ chargeId: first.chargeId, amountVnd: '18000', replayed: true });
    expect((await charges.balance(orgA)).balanceVnd).toBe('82000');
    const entries = await sql(db.url, `SELECT e.amount_vnd::text AS a, acc.code FROM metering.ledger_entries e JOIN metering.accounts acc ON acc.id = e.account_id WHERE e.transaction_id = $1 ORDER BY acc.code`, [first.chargeId]);
    expect(entries).toEqual([{ a: '18000', code: 'fees' }, { a: '-18000', code: 'prepaid' }]);
  });

  it('refuses the same request id for another organisation', async () => {
    const i = input({ fieldsCount: 1 });
    await charge(i);
    await expect(charge({ ...i, organisationId: orgB })).rejects.toBeInstanceOf(ChargeConflictError);
  });

  it('prices the last millisecond of the reduction window at 500 VND (Vietnam time)', async () => {
    const r = await charge(input({ fieldsCount: 2, at: vn('2023-12-31T23:59:59.999') }));
    expect(r).toMatchObject({ unitPriceVnd: '500', amountVnd: '1000' });
    const s = await charge(input({ fieldsCount: 2, at: vn('2024-01-01T00:00:00.000') }));
    expect(s).toMatchObject({ unitPriceVnd: '1000', amountVnd: '2000' });
  });

  it('records exempt charges at zero without a balance, and records nothing for a denial', async () => {
    const exempt = await charge(input({ organisationId: agency, organisationKind: 'state-agency' }));
    expect(exempt).toMatchObject({ amountVnd: '0', exemption: 'organisation-kind:state-agency', units: 18 });
    expect(exempt.chargeId).toEqual(expect.any(String));
    const self = await charge(input({ citizenSelf: true, fieldsCount: 3 }));
    expect(self).toMatchObject({ amountVnd: '0', exemption: 'citizen-self' });
    const denied = await charge(input({ outcome: 'denied' }));
    expect(denied).toMatchObject({ chargeId: null, billable: false, amountVnd: '0' });
  });

  it('writes nothing when the caller rolls its transaction back', async () => {
    const before = (await charges.balance(orgA)).balanceVnd;
    const i = input({ fieldsCount: 5 });
    await expect(
      ds.transaction(async (m) => {
        await charges.charge(m, i);
        throw new Error('answer failed');
      }),
    ).rejects.toThrow('answer failed');
    expect((await charges.balance(orgA)).balanceVnd).toBe(before);
    expect(await sql(db.url, `SELECT 1 FROM metering.ledger_transactions WHERE request_id = $1`, [i.requestId])).toEqual([]);
  });

  it('never overdraws under concurrent charges from two replicas', async () => {
    await charges.topUp({ organisationId: orgB, amountVnd: '90000', reference: 'bank-b', actor: 'test' });
    const results = await Promise.allSettled(
      Array.from({ length: 16 }, (_, k) => charge(input({ organisationId: orgB }), k % 2 ? other : charges)),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(ok).toHaveLength(5);
    expect(refused.every((r) => r.reason instanceof InsufficientBalanceError)).toBe(true);
    expect((await charges.balance(orgB)).balanceVnd).toBe('0');
  });

  it('spreads a large balance over its slots, charges them side by side, and still never overdraws it', async () => {
    const org = await seedOrganisation(db.url, 'Slots Co');
    // 18,000 VND a charge; 1,040 of them is above the spreading threshold (16 slots x 64 charges).
    await charges.topUp({ organisationId: org, amountVnd: String(1040 * 18000), reference: 'slots-1', actor: 'test' });
    const outcomes: ('ok' | 'refused')[] = [];
    const queue = Array.from({ length: 1100 }, (_, k) => k);
    await Promise.all(
      Array.from({ length: 12 }, async (_, worker) => {
        for (let k = queue.shift(); k !== undefined; k = queue.shift()) {
          const service = (worker + k) % 2 ? other : charges;
          const outcome = await charge(input({ organisationId: org }), service).then(
            () => 'ok' as const,
            (error: unknown) => {
              if (!(error instanceof InsufficientBalanceError)) throw error;
              return 'refused' as const;
            },
          );
          outcomes.push(outcome);
        }
      }),
    );
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1040);
    expect((await charges.balance(org)).balanceVnd).toBe('0');
    const [usage] = await sql(
      db.url,
      `SELECT count(DISTINCT e.slot)::int AS slots, min(s.balance_vnd)::text AS lowest
         FROM metering.accounts a JOIN metering.ledger_entries e ON e.account_id = a.id JOIN metering.balance_slots s ON s.account_id = a.id
        WHERE a.organisation_id = $1 AND a.code = 'prepaid'`,
      [org],
    );
    // Charges spread only when they collide on a slot: on the server they do; the embedded
    // database runs one transaction at a time, so they stay in slot 0.
    if (process.env['DATABASE_URL']) expect(usage.slots).toBeGreaterThan(1);
    else expect(usage.slots).toBe(1);
    expect(usage.lowest).toBe('0');
    expect((await replicas[0].app.get(ReconciliationService).reconcileLedger()).findings).toEqual([]);
  }, 120_000);

  /** Calls metering.charge_batch as group commit does: the statuses (and used units) in the calls' order. */
  const chargeBatch = async (inputs: ChargeInput[]) => {
    const calls = [];
    for (const [n, i] of inputs.entries()) calls.push({ n, call: chargeCallArgs((await charges.prepare(ds, i)).call!) });
    const rows = await ds.query(`SELECT n, ${CHARGE_CALL_COLUMNS} FROM ${chargeBatchFrom('$1::jsonb')} ORDER BY n`, [JSON.stringify(calls)]);
    expect(rows.map((r: { n: number }) => r.n)).toEqual(inputs.map((_, n) => n));
    return rows as { status: string; chargeId: string | null; usedUnits: string | null }[];
  };
  const written = async (inputs: ChargeInput[]) =>
    (await sql(db.url, `SELECT count(*)::int AS n FROM metering.ledger_transactions WHERE request_id = ANY ($1)`, [inputs.map((i) => i.requestId)]))[0].n;

  it('charges a batch in one call: per organisation one slot, double entry, and busy for what it must leave to charge_request', async () => {
    const org = await seedOrganisation(db.url, 'Batch Co');
    const broke = await seedOrganisation(db.url, 'Broke Co');
    await charges.topUp({ organisationId: org, amountVnd: '100000', reference: 'batch-1', actor: 'test' });
    const before = input({ organisationId: org, fieldsCount: 1 });
    await charge(before);
    const twice = input({ organisationId: org, fieldsCount: 1 });
    const paid = [0, 1, 2].map(() => input({ organisationId: org, fieldsCount: 4 }));
    const exempt = input({ organisationId: agency, organisationKind: 'state-agency', fieldsCount: 2 });
    const unfunded = input({ organisationId: broke, fieldsCount: 2 });
    const batch = [paid[0], unfunded, paid[1], before, exempt, twice, paid[2], twice];
    const rows = await chargeBatch(batch);
    expect(rows.map((r) => r.status)).toEqual(['charged', 'busy', 'charged', 'busy', 'charged', 'busy', 'charged', 'busy']);
    // Charged: the three paid calls from one slot, the exempt one at zero; busy: nothing written.
    expect((await charges.balance(org)).balanceVnd).toBe(String(100000 - 1000 - 3 * 4000));
    expect(await written([...paid, exempt])).toBe(4);
    expect(await written([unfunded, twice])).toBe(0);
    const entries = await sql(
      db.url,
      `SELECT count(*)::int AS n, count(DISTINCT e.slot)::int AS slots, sum(e.amount_vnd)::text AS total FROM metering.ledger_entries e WHERE e.transaction_id = ANY ($1)`,
      [rows.filter((r) => r.chargeId).map((r) => r.chargeId)],
    );
    expect(entries).toEqual([{ n: 6, slots: 1, total: '0' }]);
    // Each busy call, on its own, gets charge_request's exact answer.
    await expect(charge(unfunded)).rejects.toBeInstanceOf(InsufficientBalanceError);
    expect(await charge(before)).toMatchObject({ replayed: true });
    expect(await charge(twice)).toMatchObject({ replayed: false, amountVnd: '1000' });
    expect((await replicas[0].app.get(ReconciliationService).reconcileLedger()).findings).toEqual([]);
  });

  it('hands a whole group back when no free slot covers it or its quota does not take all of it', async () => {
    const org = await seedOrganisation(db.url, 'Tight Co');
    await charges.topUp({ organisationId: org, amountVnd: '10000', reference: 'tight-1', actor: 'test' });
    const three = [0, 1, 2].map(() => input({ organisationId: org, fieldsCount: 4 }));
    expect((await chargeBatch(three)).map((r) => r.status)).toEqual(['busy', 'busy', 'busy']);
    expect(await written(three)).toBe(0);
    // One by one: two fit, the third is refused.
    await charge(three[0]);
    await charge(three[1]);
    await expect(charge(three[2])).rejects.toBeInstanceOf(InsufficientBalanceError);

    const quota = await seedOrganisation(db.url, 'Quota Batch Co');
    await charges.topUp({ organisationId: quota, amountVnd: '1000000', reference: 'quota-batch-1', actor: 'test' });
    await sql(db.url, `INSERT INTO metering.quotas (organisation_id, daily_units, updated_by) VALUES ($1, 20, 'test')`, [quota]);
    const pair = [0, 1].map(() => input({ organisationId: quota, fieldsCount: 4 }));
    expect(await chargeBatch(pair)).toMatchObject([{ status: 'charged', usedUnits: '4' }, { status: 'charged', usedUnits: '8' }]);
    const over = [0, 1].map(() => input({ organisationId: quota, fieldsCount: 7 }));
    expect((await chargeBatch(over)).map((r) => r.status)).toEqual(['busy', 'busy']);
    expect(await written(over)).toBe(0);
    expect(await sql(db.url, `SELECT units::int FROM metering.daily_usage WHERE organisation_id = $1`, [quota])).toEqual([{ units: 8 }]);
    await charge(over[0]);
    await expect(charge(over[1])).rejects.toBeInstanceOf(QuotaExceededError);

    if (process.env['DATABASE_URL']) {
      // Every slot locked by another transaction: busy at once, where charge_request would wait.
      await ds.transaction(async (m) => {
        await m.query(`SELECT 1 FROM metering.balance_slots s JOIN metering.accounts a ON a.id = s.account_id WHERE a.organisation_id = $1 AND a.code = 'prepaid' FOR UPDATE OF s`, [quota]);
        const locked = [input({ organisationId: quota, fieldsCount: 1 })];
        expect((await chargeBatch(locked)).map((r) => r.status)).toEqual(['busy']);
        expect(await written(locked)).toBe(0);
      });
    }
    expect((await replicas[0].app.get(ReconciliationService).reconcileLedger()).findings).toEqual([]);
  });

  it('enforces a daily quota in fields per Vietnam day', async () => {
    const org = await seedOrganisation(db.url, 'Quota Co');
    await charges.topUp({ organisationId: org, amountVnd: '1000000', reference: 'quota-1', actor: 'test' });
    await sql(db.url, `INSERT INTO metering.quotas (organisation_id, daily_units, updated_by) VALUES ($1, 20, 'test')`, [org]);
    await charge(input({ organisationId: org }));
    await expect(charge(input({ organisationId: org }))).rejects.toBeInstanceOf(QuotaExceededError);
    await charge(input({ organisationId: org, at: vn('2024-06-11T00:00:00') }));
    expect((await charges.balance(org)).quota).toMatchObject({ dailyUnits: '20' });
  });

  it('refunds and corrects against the original charge, never more than was charged', async () => {
    const c = await charge(input({ fieldsCount: 10 }));
    const refund = await charges.refund({ chargeId: c.chargeId!, amountVnd: '4000', reason: 'two fields were unavailable', actor: 'op', reference: 'r-1' });
    expect(refund).toMatchObject({ kind: 'refund', amountVnd: '4000' });
    expect((await charges.refund({ chargeId: c.chargeId!, amountVnd: '4000', reason: 'retry', actor: 'op', reference: 'r-1' })).replayed).toBe(true);
    await expect(charges.refund({ chargeId: c.chargeId!, amountVnd: '7000', reason: 'too much', actor: 'op' })).rejects.toBeInstanceOf(LedgerRuleError);
    const correction = await charges.correct({ chargeId: c.chargeId!, deltaVnd: '-6000', reason: 'charged for a denied request', actor: 'op' });
    expect(correction).toMatchObject({ kind: 'correction', amountVnd: '6000' });
    await expect(charges.refund({ chargeId: c.chargeId!, reason: 'nothing left', actor: 'op' })).rejects.toMatchObject({ status: 409 });
    await expect(charges.correct({ chargeId: c.chargeId!, deltaVnd: '999999999', reason: 'huge', actor: 'op' })).rejects.toBeInstanceOf(InsufficientBalanceError);
    const refs = await sql(db.url, `SELECT kind, references_id FROM metering.ledger_transactions WHERE references_id = $1`, [c.chargeId]);
    expect(refs).toHaveLength(2);
  });

  it('refuses UPDATE and DELETE on the ledger, direct balance changes, and unbalanced entries', async () => {
    await expect(sql(db.url, `UPDATE metering.ledger_transactions SET amount_vnd = 0`)).rejects.toThrow(/append-only/);
    await expect(sql(db.url, `DELETE FROM metering.ledger_entries`)).rejects.toThrow(/append-only/);
    await expect(sql(db.url, `UPDATE metering.fee_schedules SET effective_to = '2030-01-01'`)).rejects.toThrow(/append-only/);
    await expect(sql(db.url, `UPDATE metering.balance_slots SET balance_vnd = balance_vnd + 1000000`)).rejects.toThrow(/only through ledger entries/);
    await expect(sql(db.url, `INSERT INTO metering.balance_slots SELECT id, 15, 5, true FROM metering.accounts WHERE organisation_id = $1 AND code = 'prepaid'`, [orgB])).rejects.toThrow(/only through ledger entries/);
    await expect(sql(db.url, `DELETE FROM metering.balance_slots`)).rejects.toThrow(/never deleted/);
    await expect(sql(db.url, `DELETE FROM metering.accounts`)).rejects.toThrow(/never deleted/);
    const [acc] = await sql(db.url, `SELECT id FROM metering.accounts WHERE organisation_id = $1 AND code = 'prepaid'`, [orgA]);
    const tx = randomUUID();
    await expect(
      sql(db.url, `WITH t AS (INSERT INTO metering.ledger_transactions (id, organisation_id, kind, external_ref, amount_vnd, actor, occurred_at)
        VALUES ($1, $2, 'top-up', 'forged', 5, 'x', now()) RETURNING id)
        INSERT INTO metering.ledger_entries (transaction_id, account_id, amount_vnd, occurred_at) SELECT id, $3, 5, now() FROM t`, [tx, orgA, acc.id]),
    ).rejects.toThrow(/unbalanced/);
  });

  it('reconciles the ledger: clean, then reports a tampered balance as a stored finding', async () => {
    const reconciliation = replicas[0].app.get(ReconciliationService);
    expect((await reconciliation.reconcileLedger()).findings).toEqual([]);
    // Tamper as a superuser would, bypassing the triggers.
    await sql(db.url, `DO $$ BEGIN SET LOCAL session_replication_role = replica; UPDATE metering.balance_slots SET balance_vnd = balance_vnd + 7 WHERE slot = 0 AND account_id = (SELECT id FROM metering.accounts WHERE code = 'prepaid' AND organisation_id = '${orgA}'); END $$`);
    const report = await reconciliation.reconcileLedger();
    expect(report.findings).toEqual([expect.objectContaining({ kind: 'account-balance-mismatch', organisationId: orgA, detail: expect.objectContaining({ account: 'prepaid' }) })]);
    expect((await reconciliation.findings()).map((f) => f.kind)).toContain('account-balance-mismatch');
    const metrics = await (await fetch(`${replicas[0].url}/metrics`)).text();
    expect(metrics).toMatch(/metering_reconciliation_findings_total\{kind="account-balance-mismatch"[^}]*\} 1/);
    await sql(db.url, `DO $$ BEGIN SET LOCAL session_replication_role = replica; UPDATE metering.balance_slots SET balance_vnd = balance_vnd - 7 WHERE slot = 0 AND account_id = (SELECT id FROM metering.accounts WHERE code = 'prepaid' AND organisation_id = '${orgA}'); END $$`);
  });

  it('reconciles charges against the audit log through the port', async () => {
    const at = vn('2025-02-03T10:00:00');
    const org = await seedOrganisation(db.url, 'Audit Co');
    await charges.topUp({ organisationId: org, amountVnd: '100000', reference: 'audit-co', actor: 'test' });
    const [r1, r2, r3, r4] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await charge(input({ organisationId: org, requestId: r1, at }));
    await charge(input({ organisationId: org, requestId: r2, at }));
    await charge(input({ organisationId: org, requestId: r4, at }));
    audit.add({ requestId: r1, organisationId: org, occurredAt: at }).add({ requestId: r3, organisationId: org, occurredAt: at }).add({ requestId: r4, organisationId: org, occurredAt: at });
    const report = await replicas[0].app.get(ReconciliationService).reconcileAudit(vn('2025-02-03T00:00:00'), vn('2025-02-04T00:00:00'));
    expect(report.findings.map((f) => [f.kind, f.reference]).sort()).toEqual([['audit-without-charge', r3], ['charge-without-audit', r2]].sort());
  });
});
