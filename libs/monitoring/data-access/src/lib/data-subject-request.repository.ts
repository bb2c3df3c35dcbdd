import { dataSubjectRequestDeadlines, DEADLINE_RULES_V1, type DataSubjectRequestKind, type DeadlineRules, type WorkingCalendar } from '@consentry/monitoring-domain';
import { cursorKey, exactInstant, isExactInstantPart, isUuidPart, keysetPage, type Page } from '@consentry/shared-database';
import type { Queryable } from './queryable.types';
import { returnedRows } from './returning.util';

export type DataSubjectRequestOutcome = 'granted' | 'partly-granted' | 'refused';

export interface DataSubjectRequest {
  id: string;
  citizenPseudonym: string;
  kind: DataSubjectRequestKind;
  details: string | null;
  filedAt: string;
  acknowledgeBy: string;
  answerBy: string;
  deadlineRulesVersion: string;
  acknowledgedAt: string | null;
  answeredAt: string | null;
  outcome: DataSubjectRequestOutcome | null;
  answerNote: string | null;
}

// Sort keys of the two lists: a citizen's (filed_at, id) and the operator's queue (first deadline, filed_at, id).
const CITIZEN_LIST_KEY = [isExactInstantPart, isUuidPart];
const OPEN_LIST_KEY = [isExactInstantPart, isExactInstantPart, isUuidPart];

type KeyedRow = Record<string, unknown> & { id: string; cursor_first: string; cursor_filed: string };

/** Data-subject requests with their statutory deadlines fixed at filing (working days, Asia/Ho_Chi_Minh). */
export class DataSubjectRequestRepository {
  async file(db: Queryable, input: { citizenPseudonym: string; kind: DataSubjectRequestKind; details: string | null }, at: string, calendar: WorkingCalendar, rules: DeadlineRules = DEADLINE_RULES_V1): Promise<DataSubjectRequest> {
    const d = dataSubjectRequestDeadlines(input.kind, at, calendar, rules);
    const rows = await db.query(
      `INSERT INTO "monitoring"."data_subject_requests" ("citizen_pseudonym", "kind", "details", "filed_at", "acknowledge_by", "answer_by", "deadline_rules_version")
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [input.citizenPseudonym, input.kind, input.details, at, d.acknowledgeBy, d.answerBy, d.rulesVersion],
    );
    return toRequest(rows[0]);
  }

  async acknowledge(db: Queryable, id: string, at: string, by: string | null = null): Promise<boolean> {
    const rows = returnedRows(await db.query(`UPDATE "monitoring"."data_subject_requests" SET "acknowledged_at" = $2, "acknowledged_by" = $3 WHERE "id" = $1 AND "acknowledged_at" IS NULL RETURNING "id"`,
      [id, at, by],
    ));
    return rows.length === 1;
  }

  /** Answering also acknowledges, if that had not been done. */
  async answer(db: Queryable, id: string, outcome: DataSubjectRequestOutcome, at: string, by: { actor: string; note: string | null } | null = null): Promise<boolean> {
    const rows = returnedRows(await db.query(`UPDATE "monitoring"."data_subject_requests"
          SET "answered_at" = $3, "outcome" = $2, "answered_by" = $4, "answer_note" = $5,
              "acknowledged_at" = COALESCE("acknowledged_at", $3), "acknowledged_by" = COALESCE("acknowledged_by", $4)
       WHERE "id" = $1 AND "answered_at" IS NULL RETURNING "id"`,
      [id, outcome, at, by?.actor ?? null, by?.note ?? null],
    ));
    return rows.length === 1;
  }

  /** Requests past their acknowledgement or answer deadline: the regulator's escalation list. */
  async overdue(db: Queryable, now: string): Promise<DataSubjectRequest[]> {
    const rows = await db.query(
      `SELECT * FROM "monitoring"."data_subject_requests"
       WHERE ("answered_at" IS NULL AND "answer_by" <= $1) OR ("acknowledged_at" IS NULL AND "acknowledge_by" <= $1)
       ORDER BY "answer_by"`,
      [now],
    );
    return rows.map(toRequest);
  }

  async get(db: Queryable, id: string): Promise<DataSubjectRequest | null> {
    const rows = await db.query(`SELECT * FROM "monitoring"."data_subject_requests" WHERE "id" = $1`, [id]);
    return rows.length ? toRequest(rows[0]) : null;
  }

  /** One citizen's requests, newest first (then by id); `cursor` is the previous page's nextCursor. */
  async forCitizen(db: Queryable, citizenPseudonym: string, page: { limit: number; cursor?: string }): Promise<Page<DataSubjectRequest>> {
    const params: unknown[] = [citizenPseudonym, page.limit + 1];
    let after = '';
    if (page.cursor !== undefined) {
      params.push(...cursorKey(page.cursor, CITIZEN_LIST_KEY));
      // filed_at descending, id ascending: a single row comparison cannot say it.
      after = `AND ("filed_at" < $3::timestamptz OR ("filed_at" = $3::timestamptz AND "id" > $4::uuid))`;
    }
    const rows: KeyedRow[] = await db.query(
      `SELECT *, ${exactInstant('"filed_at"')} AS cursor_filed FROM "monitoring"."data_subject_requests"
        WHERE "citizen_pseudonym" = $1 ${after} ORDER BY "filed_at" DESC, "id" LIMIT $2`,
      params,
    );
    return keysetPage(rows, page.limit, toRequest, (r) => [r.cursor_filed, r.id]);
  }

  /** The operator's work queue: unanswered requests, nearest deadline first, then oldest filing, then by id. */
  async open(db: Queryable, page: { limit: number; cursor?: string }): Promise<Page<DataSubjectRequest>> {
    const params: unknown[] = [page.limit + 1];
    let after = '';
    if (page.cursor !== undefined) {
      params.push(...cursorKey(page.cursor, OPEN_LIST_KEY));
      after = `AND (LEAST("acknowledge_by", "answer_by"), "filed_at", "id") > ($2::timestamptz, $3::timestamptz, $4::uuid)`;
    }
    const rows: KeyedRow[] = await db.query(
      `SELECT *, ${exactInstant('LEAST("acknowledge_by", "answer_by")')} AS cursor_first, ${exactInstant('"filed_at"')} AS cursor_filed
         FROM "monitoring"."data_subject_requests"
        WHERE "answered_at" IS NULL ${after} ORDER BY LEAST("acknowledge_by", "answer_by"), "filed_at", "id" LIMIT $1`,
      params,
    );
    return keysetPage(rows, page.limit, toRequest, (r) => [r.cursor_first, r.cursor_filed, r.id]);
  }
}

const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function toRequest(r: any): DataSubjectRequest {
  return {
    id: r.id,
    citizenPseudonym: r.citizen_pseudonym,
    kind: r.kind,
    details: r.details ?? null,
    filedAt: iso(r.filed_at) as string,
    acknowledgeBy: iso(r.acknowledge_by) as string,
    answerBy: iso(r.answer_by) as string,
    deadlineRulesVersion: r.deadline_rules_version,
    acknowledgedAt: iso(r.acknowledged_at),
    answeredAt: iso(r.answered_at),
    outcome: r.outcome,
    answerNote: r.answer_note ?? null,
  };
}
