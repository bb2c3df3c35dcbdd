import { cursorKey, exactInstant, isExactInstantPart, isUuidPart, keysetPage, type Page } from '@consentry/shared-database';
import type { Queryable } from './queryable.types';

export type CaseState = 'open' | 'investigating' | 'resolved';
export type CaseOutcome = 'no-breach' | 'warning' | 'suspension' | 'fine' | 'referred';
export type CaseActionKind = 'open' | 'note' | 'link-alert' | 'investigate' | 'resolve' | 'suspend-organisation' | 'suspend-api-key' | 'lift-suspension' | 'require-consent-recheck' | 'attach-evidence';

export interface CaseAction {
  id: string;
  action: CaseActionKind;
  actor: string;
  detail: Record<string, unknown>;
  at: string;
}

export interface CaseSummary {
  id: string;
  source: 'alert' | 'dispute' | 'regulator';
  organisationId: string | null;
  title: string;
  state: CaseState;
  outcome: CaseOutcome | null;
  disputeId: string | null;
  openedBy: string;
  openedAt: string;
  updatedAt: string;
}

export interface CaseDetail extends CaseSummary {
  alertIds: string[];
  actions: CaseAction[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const toSummary = (r: any): CaseSummary => ({
  id: r.id,
  source: r.source,
  organisationId: r.organisation_id,
  title: r.title,
  state: r.state,
  outcome: r.outcome,
  disputeId: r.dispute_id ?? null,
  openedBy: r.opened_by,
  openedAt: new Date(r.opened_at).toISOString(),
  updatedAt: new Date(r.updated_at).toISOString(),
});

export interface CaseListFilter {
  state?: CaseState;
  organisationId?: string;
  source?: string;
  /** nextCursor of the previous page (check it first with isCaseListCursor). */
  cursor?: string;
  limit: number;
}

// The list's sort key: opened_at to the microsecond, then id (both descending). A millisecond
// cursor is exact only while JavaScript writes opened_at; a row written by SQL now(), a migration
// or a restore holds microseconds, and a page edge on it would skip rows.
const LIST_KEY = [isExactInstantPart, isUuidPart];

export class CaseTransitionError extends Error {
  constructor(readonly caseId: string, readonly to: CaseState) {
    super(`case ${caseId} cannot move to ${to}`);
  }
}

/**
 * Cases and their action trail. Every write is one SQL statement that changes the case and
 * appends its action together, so no state change exists without its record.
 */
export class CaseRepository {
  async open(db: Queryable, input: { source: 'alert' | 'dispute' | 'regulator'; organisationId: string | null; title: string; actor: string; at: string; alertIds?: readonly string[] }): Promise<string> {
    const rows = await db.query(
      `WITH c AS (
         INSERT INTO "monitoring"."cases" ("source", "organisation_id", "title", "opened_by", "opened_at", "updated_at") VALUES ($1, $2, $3, $4, $5, $5) RETURNING "id"
       ), l AS (
         INSERT INTO "monitoring"."case_alerts" ("case_id", "alert_id") SELECT c."id", a::bigint FROM c, unnest($6::text[]) AS a
       ), o AS (
         INSERT INTO "monitoring"."case_actions" ("case_id", "action", "actor", "detail", "at")
         SELECT c."id", 'open', $4, jsonb_build_object('source', $1::text, 'alertIds', to_jsonb($6::text[])), $5 FROM c
       )
       SELECT "id" FROM c`,
      [input.source, input.organisationId, input.title, input.actor, input.at, input.alertIds ?? []],
    );
    return rows[0].id;
  }

  /**
   * Opens the case of a citizen's dispute, once: null when that dispute already has its case
   * (the unique dispute_id makes a replayed or concurrent pick-up open nothing).
   */
  async openForDispute(db: Queryable, input: { disputeId: string; organisationId: string | null; title: string; actor: string; at: string; detail: Record<string, unknown> }): Promise<string | null> {
    const rows = await db.query(
      `WITH c AS (
         INSERT INTO "monitoring"."cases" ("source", "organisation_id", "title", "opened_by", "opened_at", "updated_at", "dispute_id")
         VALUES ('dispute', $1, $2, $3, $4, $4, $5) ON CONFLICT ("dispute_id") WHERE "dispute_id" IS NOT NULL DO NOTHING RETURNING "id"
       ), o AS (
         INSERT INTO "monitoring"."case_actions" ("case_id", "action", "actor", "detail", "at")
         SELECT c."id", 'open', $3, $6::jsonb, $4 FROM c
       )
       SELECT "id" FROM c`,
      [input.organisationId, input.title, input.actor, input.at, input.disputeId, JSON.stringify({ source: 'dispute', disputeId: input.disputeId, ...input.detail })],
    );
    return rows[0]?.id ?? null;
  }

  /** Newest first (then by id), optionally by state, organisation and source. */
  async list(db: Queryable, filter: CaseListFilter): Promise<Page<CaseSummary>> {
    const after = filter.cursor === undefined ? null : cursorKey(filter.cursor, LIST_KEY);
    const rows: (Record<string, unknown> & { id: string; cursor_opened: string })[] = await db.query(
      `SELECT *, ${exactInstant('"opened_at"')} AS cursor_opened FROM "monitoring"."cases"
        WHERE ($1::text IS NULL OR "state" = $1) AND ($2::text IS NULL OR "organisation_id" = $2) AND ($3::text IS NULL OR "source" = $3)
          AND ($4::timestamptz IS NULL OR ("opened_at", "id") < ($4::timestamptz, $5::uuid))
        ORDER BY "opened_at" DESC, "id" DESC LIMIT $6`,
      [filter.state ?? null, filter.organisationId ?? null, filter.source ?? null, after?.[0] ?? null, after?.[1] ?? null, filter.limit + 1],
    );
    return keysetPage(rows, filter.limit, toSummary, (last) => [last.cursor_opened, last.id]);
  }

  /** Records an action that does not change the state (a note, evidence, a suspension request). */
  async record(db: Queryable, caseId: string, action: Exclude<CaseActionKind, 'open' | 'investigate' | 'resolve'>, actor: string, detail: Record<string, unknown>, at: string): Promise<void> {
    await db.query(`INSERT INTO "monitoring"."case_actions" ("case_id", "action", "actor", "detail", "at") VALUES ($1, $2, $3, $4::jsonb, $5)`, [caseId, action, actor, JSON.stringify(detail), at]);
  }

  /** open -> investigating, or open/investigating -> resolved with an outcome (the database refuses other moves). */
  async transition(db: Queryable, caseId: string, to: Exclude<CaseState, 'open'>, actor: string, at: string, outcome?: CaseOutcome, note?: string): Promise<void> {
    if ((to === 'resolved') !== (outcome !== undefined)) throw new CaseTransitionError(caseId, to);
    const rows = await db.query(
      `WITH u AS (
         UPDATE "monitoring"."cases" SET "state" = $2, "outcome" = $3, "updated_at" = $5
         WHERE "id" = $1 AND "state" <> $2 AND "state" <> 'resolved' RETURNING "id"
       )
       INSERT INTO "monitoring"."case_actions" ("case_id", "action", "actor", "detail", "at")
       SELECT u."id", $6, $4, jsonb_strip_nulls(jsonb_build_object('outcome', $3::text, 'note', $7::text)), $5 FROM u RETURNING "id"`,
      [caseId, to, outcome ?? null, actor, at, to === 'resolved' ? 'resolve' : 'investigate', note ?? null],
    );
    if (rows.length !== 1) throw new CaseTransitionError(caseId, to);
  }

  async get(db: Queryable, caseId: string): Promise<CaseDetail | null> {
    const [row] = await db.query(`SELECT * FROM "monitoring"."cases" WHERE "id" = $1`, [caseId]);
    if (!row) return null;
    const alerts = await db.query(`SELECT "alert_id"::text AS id FROM "monitoring"."case_alerts" WHERE "case_id" = $1 ORDER BY "alert_id"`, [caseId]);
    const actions = await db.query(`SELECT "id"::text AS id, "action", "actor", "detail", "at" FROM "monitoring"."case_actions" WHERE "case_id" = $1 ORDER BY "id"`, [caseId]);
    return {
      ...toSummary(row),
      alertIds: alerts.map((a: { id: string }) => a.id),
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      actions: actions.map((a: any) => ({ id: a.id, action: a.action, actor: a.actor, detail: a.detail, at: new Date(a.at).toISOString() })),
    };
  }
}
