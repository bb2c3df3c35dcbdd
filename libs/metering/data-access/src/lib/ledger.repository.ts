import { AccountCode, LedgerKind, LedgerTransactionRow, NewLedgerTransaction } from './ledger.types';
import { Queryable } from './queryable.types';

const TX_COLUMNS = `"id", "organisation_id" AS "organisationId", "kind", "request_id" AS "requestId", "external_ref" AS "externalRef",
  "references_id" AS "referencesId", "product", "purpose", "schedule_version" AS "scheduleVersion", "exemption", "outcome", "units",
  "unit_price_vnd"::text AS "unitPriceVnd", "amount_vnd"::text AS "amountVnd", "waived_vnd"::text AS "waivedVnd", "reason", "actor",
  "occurred_at" AS "occurredAt", "recorded_at" AS "recordedAt"`;

/**
 * The double-entry ledger. Every write runs on the caller's manager, inside the caller's
 * transaction. Top-ups, refunds and corrections of one organisation lock all of its prepaid
 * balance slots (lockPrepaid); a charge (metering.charge_request) locks one slot that covers it.
 */
export class LedgerRepository {
  async findCharge(db: Queryable, requestId: string): Promise<LedgerTransactionRow | undefined> {
    const rows = await db.query(`SELECT ${TX_COLUMNS} FROM "metering"."ledger_transactions" WHERE "kind" = 'charge' AND "request_id" = $1`, [requestId]);
    return rows[0];
  }

  async findTransaction(db: Queryable, id: string): Promise<LedgerTransactionRow | undefined> {
    const rows = await db.query(`SELECT ${TX_COLUMNS} FROM "metering"."ledger_transactions" WHERE "id" = $1`, [id]);
    return rows[0];
  }

  async findByExternalRef(db: Queryable, kind: LedgerKind, ref: string): Promise<LedgerTransactionRow | undefined> {
    const rows = await db.query(`SELECT ${TX_COLUMNS} FROM "metering"."ledger_transactions" WHERE "kind" = $1 AND "external_ref" = $2`, [kind, ref]);
    return rows[0];
  }

  /** Refunds and corrections already made against a charge (signed, on the prepaid balance). */
  async adjustmentsOf(db: Queryable, chargeId: string): Promise<bigint> {
    const rows = await db.query(`SELECT COALESCE(sum("amount_vnd"), 0)::text AS total FROM "metering"."ledger_transactions" WHERE "references_id" = $1`, [chargeId]);
    return BigInt(rows[0].total);
  }

  async ensureAccounts(db: Queryable, organisationId: string): Promise<void> {
    await db.query(
      `INSERT INTO "metering"."accounts" ("organisation_id", "code") SELECT $1, c FROM unnest(ARRAY['prepaid', 'fees', 'funding']) AS c
       ON CONFLICT ("organisation_id", "code") DO NOTHING`,
      [organisationId],
    );
  }

  /**
   * Locks every slot of the organisation's prepaid balance until the transaction ends, gathers
   * the balance into slot 0 (where these entries post) and returns it; undefined when the
   * organisation has no prepaid account yet (it never topped up). A charge needs one slot, so it
   * waits for this, and a balance check made here stays true until commit.
   */
  async lockPrepaid(db: Queryable, organisationId: string): Promise<{ id: string; balanceVnd: bigint } | undefined> {
    const rows = await db.query(
      `SELECT "id", "metering"."pool_prepaid"("id", NULL)::text AS balance FROM "metering"."accounts" WHERE "organisation_id" = $1 AND "code" = 'prepaid'`,
      [organisationId],
    );
    return rows[0] && { id: rows[0].id, balanceVnd: BigInt(rows[0].balance) };
  }

  async accountIds(db: Queryable, organisationId: string): Promise<Record<AccountCode, string>> {
    const rows: { id: string; code: AccountCode }[] = await db.query(
      `SELECT "id", "code" FROM "metering"."accounts" WHERE "organisation_id" = $1`,
      [organisationId],
    );
    return Object.fromEntries(rows.map((r) => [r.code, r.id])) as Record<AccountCode, string>;
  }

  /** Inserts the transaction; false when its request id or external reference is already taken. */
  async insertTransaction(db: Queryable, t: NewLedgerTransaction): Promise<boolean> {
    const rows = await db.query(
      `INSERT INTO "metering"."ledger_transactions" ("id", "organisation_id", "kind", "request_id", "external_ref", "references_id", "product",
         "purpose", "schedule_version", "exemption", "outcome", "units", "unit_price_vnd", "amount_vnd", "waived_vnd", "reason", "actor", "occurred_at")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::bigint, $14::bigint, $15::bigint, $16, $17, $18)
       ON CONFLICT DO NOTHING RETURNING "id"`,
      [t.id, t.organisationId, t.kind, t.requestId, t.externalRef, t.referencesId, t.product, t.purpose, t.scheduleVersion, t.exemption,
        t.outcome, t.units, t.unitPriceVnd, t.amountVnd, t.waivedVnd, t.reason, t.actor, t.occurredAt],
    );
    return rows.length === 1;
  }

  /** The entries of one transaction (they must sum to zero; the database checks at commit). */
  async insertEntries(db: Queryable, transactionId: string, occurredAt: Date, entries: { accountId: string; amountVnd: bigint }[]): Promise<void> {
    const legs = entries.filter((e) => e.amountVnd !== 0n);
    if (legs.length === 0) return;
    await db.query(
      `INSERT INTO "metering"."ledger_entries" ("transaction_id", "account_id", "amount_vnd", "occurred_at")
       SELECT $1, a, v::bigint, $2 FROM unnest($3::uuid[], $4::text[]) AS x(a, v)`,
      [transactionId, occurredAt, legs.map((e) => e.accountId), legs.map((e) => e.amountVnd.toString())],
    );
  }

  /** The cached prepaid balance, the sum of its slots (0 for an organisation without an account). */
  async prepaidBalance(db: Queryable, organisationId: string): Promise<bigint> {
    const rows = await db.query(`SELECT "balance_vnd"::text AS b FROM "metering"."account_balances" WHERE "organisation_id" = $1 AND "code" = 'prepaid'`, [organisationId]);
    return BigInt(rows[0]?.b ?? '0');
  }

  /** Transactions of an organisation, newest first, for operators' views and the gateway's usage API. */
  async page(db: Queryable, organisationId: string, filter: { from: Date; to: Date; limit: number; before?: { occurredAt: Date; id: string } }): Promise<LedgerTransactionRow[]> {
    const params: unknown[] = [organisationId, filter.from, filter.to, filter.limit];
    let cursor = '';
    if (filter.before) {
      params.push(filter.before.occurredAt, filter.before.id);
      cursor = `AND ("occurred_at", "id") < ($5, $6::uuid)`;
    }
    return db.query(
      `SELECT ${TX_COLUMNS} FROM "metering"."ledger_transactions"
        WHERE "organisation_id" = $1 AND "occurred_at" >= $2 AND "occurred_at" < $3 ${cursor}
        ORDER BY "occurred_at" DESC, "id" DESC LIMIT $4`,
      params,
    );
  }
}
