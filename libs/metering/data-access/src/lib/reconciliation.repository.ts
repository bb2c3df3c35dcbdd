import { Queryable } from './queryable.types';

export interface Finding {
  kind: 'account-balance-mismatch' | 'prepaid-vs-transactions' | 'unbalanced-transaction' | 'charge-without-audit' | 'audit-without-charge';
  organisationId: string | null;
  /** What the finding is about: an account id, a transaction id or a request id. */
  reference: string;
  detail: Record<string, unknown>;
}

export interface StoredFinding extends Finding {
  id: string;
  runId: string;
  foundAt: Date;
}

/** The checks behind reconciliation, and where runs and findings are kept. */
export class ReconciliationRepository {
  /** Accounts whose cached balance (the sum of its slots) differs from the sum of their entries. */
  async accountMismatches(db: Queryable): Promise<Finding[]> {
    const rows = await db.query(
      `SELECT a."account_id" AS id, a."organisation_id" AS org, a."code", a."balance_vnd"::text AS cached, COALESCE(e.total, 0)::text AS ledger
         FROM "metering"."account_balances" a
         LEFT JOIN (SELECT "account_id", sum("amount_vnd") AS total FROM "metering"."ledger_entries" GROUP BY "account_id") e ON e."account_id" = a."account_id"
        WHERE a."balance_vnd" <> COALESCE(e.total, 0)`,
    );
    return rows.map((r: { id: string; org: string; code: string; cached: string; ledger: string }) => ({
      kind: 'account-balance-mismatch' as const,
      organisationId: r.org,
      reference: r.id,
      detail: { account: r.code, cachedVnd: r.cached, sumOfEntriesVnd: r.ledger },
    }));
  }

  /** Organisations whose transactions' total differs from their prepaid account's entries. */
  async prepaidMismatches(db: Queryable): Promise<Finding[]> {
    const rows = await db.query(
      `WITH t AS (SELECT "organisation_id", sum("amount_vnd") AS s FROM "metering"."ledger_transactions" GROUP BY 1),
            p AS (SELECT a."organisation_id", sum(e."amount_vnd") AS s FROM "metering"."accounts" a
                    JOIN "metering"."ledger_entries" e ON e."account_id" = a."id" WHERE a."code" = 'prepaid' GROUP BY 1)
       SELECT COALESCE(t."organisation_id", p."organisation_id") AS org, COALESCE(t.s, 0)::text AS tx, COALESCE(p.s, 0)::text AS prepaid
         FROM t FULL JOIN p ON p."organisation_id" = t."organisation_id"
        WHERE COALESCE(t.s, 0) <> COALESCE(p.s, 0)`,
    );
    return rows.map((r: { org: string; tx: string; prepaid: string }) => ({
      kind: 'prepaid-vs-transactions' as const,
      organisationId: r.org,
      reference: r.org,
      detail: { transactionsVnd: r.tx, prepaidEntriesVnd: r.prepaid },
    }));
  }

  async unbalancedTransactions(db: Queryable): Promise<Finding[]> {
    const rows = await db.query(
      `SELECT e."transaction_id" AS id, t."organisation_id" AS org, sum(e."amount_vnd")::text AS total
         FROM "metering"."ledger_entries" e JOIN "metering"."ledger_transactions" t ON t."id" = e."transaction_id"
        GROUP BY e."transaction_id", t."organisation_id" HAVING sum(e."amount_vnd") <> 0`,
    );
    return rows.map((r: { id: string; org: string; total: string }) => ({
      kind: 'unbalanced-transaction' as const,
      organisationId: r.org,
      reference: r.id,
      detail: { imbalanceVnd: r.total },
    }));
  }

  /** Request ids of the charges answered in [from, to). */
  async chargedRequests(db: Queryable, from: Date, to: Date): Promise<{ requestId: string; organisationId: string }[]> {
    return db.query(
      `SELECT "request_id" AS "requestId", "organisation_id" AS "organisationId" FROM "metering"."ledger_transactions"
        WHERE "kind" = 'charge' AND "occurred_at" >= $1 AND "occurred_at" < $2`,
      [from, to],
    );
  }

  async startRun(db: Queryable, run: { id: string; kind: 'ledger' | 'audit'; from?: Date; to?: Date; startedAt: Date }): Promise<void> {
    await db.query(
      `INSERT INTO "metering"."reconciliation_runs" ("id", "kind", "period_from", "period_to", "started_at") VALUES ($1, $2, $3, $4, $5)`,
      [run.id, run.kind, run.from ?? null, run.to ?? null, run.startedAt],
    );
  }

  async finishRun(db: Queryable, runId: string, findings: Finding[], finishedAt: Date): Promise<void> {
    if (findings.length) {
      await db.query(
        `INSERT INTO "metering"."reconciliation_findings" ("run_id", "kind", "organisation_id", "reference", "detail")
         SELECT $1, k, o, r, d::jsonb FROM unnest($2::text[], $3::uuid[], $4::text[], $5::text[]) AS x(k, o, r, d)`,
        [runId, findings.map((f) => f.kind), findings.map((f) => f.organisationId), findings.map((f) => f.reference), findings.map((f) => JSON.stringify(f.detail))],
      );
    }
    await db.query(`UPDATE "metering"."reconciliation_runs" SET "finished_at" = $2, "findings" = $3 WHERE "id" = $1`, [runId, finishedAt, findings.length]);
  }

  async findings(db: Queryable, limit: number): Promise<StoredFinding[]> {
    return db.query(
      `SELECT "id"::text, "run_id" AS "runId", "kind", "organisation_id" AS "organisationId", "reference", "detail", "found_at" AS "foundAt"
         FROM "metering"."reconciliation_findings" ORDER BY "found_at" DESC, "id" DESC LIMIT $1`,
      [limit],
    );
  }
}
