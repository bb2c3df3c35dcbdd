import { dataSubjectRequestDeadlines, DEADLINE_RULES_V1, type DataSubjectRequestKind, type DeadlineRules, type WorkingCalendar } from '@consentry/monitoring-domain';
import type { Queryable } from './queryable.types';

export interface DataSubjectRequest {
  id: string;
  citizenPseudonym: string;
  kind: DataSubjectRequestKind;
  filedAt: string;
  acknowledgeBy: string;
  answerBy: string;
  acknowledgedAt: string | null;
  answeredAt: string | null;
  outcome: 'granted' | 'partly-granted' | 'refused' | null;
}

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

  async acknowledge(db: Queryable, id: string, at: string): Promise<boolean> {
    const rows = await db.query(`UPDATE "monitoring"."data_subject_requests" SET "acknowledged_at" = $2 WHERE "id" = $1 AND "acknowledged_at" IS NULL RETURNING "id"`, [id, at]);
    return rows.length === 1;
  }

  /** Answering also acknowledges, if that had not been done. */
  async answer(db: Queryable, id: string, outcome: 'granted' | 'partly-granted' | 'refused', at: string): Promise<boolean> {
    const rows = await db.query(
      `UPDATE "monitoring"."data_subject_requests" SET "answered_at" = $3, "outcome" = $2, "acknowledged_at" = COALESCE("acknowledged_at", $3)
       WHERE "id" = $1 AND "answered_at" IS NULL RETURNING "id"`,
      [id, outcome, at],
    );
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
}

const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function toRequest(r: any): DataSubjectRequest {
  return {
    id: r.id,
    citizenPseudonym: r.citizen_pseudonym,
    kind: r.kind,
    filedAt: iso(r.filed_at) as string,
    acknowledgeBy: iso(r.acknowledge_by) as string,
    answerBy: iso(r.answer_by) as string,
    acknowledgedAt: iso(r.acknowledged_at),
    answeredAt: iso(r.answered_at),
    outcome: r.outcome,
  };
}
