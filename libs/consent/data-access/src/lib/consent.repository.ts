import { DataSource, EntityManager } from 'typeorm';
import type { Consent, ConsentState, ConsentTransition } from '@consentry/consent-domain';
import type { FieldCode } from '@consentry/population-domain';
import { cursorKey, encodeCursor, isUuidPart } from '@consentry/shared-database';

type Source = DataSource | EntityManager;

/** A consent with its current state (its last transition). */
export interface ConsentHead extends Consent {
  state: ConsentState;
  grantedFields: FieldCode[];
  sequence: number;
  stateSince: string;
}

export interface StoredTransition extends ConsentTransition {
  id: string;
  receiptId: string;
  receiptJws: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

interface HeadRow {
  id: string;
  citizen_pseudonym: string;
  organisation_id: string;
  purpose_code: string;
  fields: string[];
  operations: string[];
  frequency_limit: number | null;
  frequency_period: 'day' | 'month' | 'once' | null;
  valid_from: Date;
  valid_to: Date;
  data_life_days: number;
  request_expires_at: Date;
  created_at: Date;
  state: ConsentState;
  granted_fields: string[];
  sequence: number;
  state_since: Date;
}

interface TransitionRow {
  id: string;
  consent_id: string;
  sequence: number;
  action: ConsentTransition['action'];
  from_state: ConsentState | null;
  to_state: ConsentState;
  granted_fields: string[];
  actor_kind: ConsentTransition['actor']['kind'];
  actor_id: string;
  reason: string | null;
  at: Date;
  receipt_id: string;
  receipt_jws: string;
}

function toHead(r: HeadRow): ConsentHead {
  return {
    id: r.id,
    citizenPseudonym: r.citizen_pseudonym,
    organisationId: r.organisation_id,
    createdAt: r.created_at.toISOString(),
    terms: {
      purposeCode: r.purpose_code,
      fields: r.fields as FieldCode[],
      operations: r.operations as Consent['terms']['operations'],
      frequency: r.frequency_limit === null ? null : { limit: r.frequency_limit, period: r.frequency_period! },
      validFrom: r.valid_from.toISOString(),
      validTo: r.valid_to.toISOString(),
      dataLifeDays: r.data_life_days,
      requestExpiresAt: r.request_expires_at.toISOString(),
    },
    state: r.state,
    grantedFields: r.granted_fields as FieldCode[],
    sequence: r.sequence,
    stateSince: r.state_since.toISOString(),
  };
}

function toTransition(r: TransitionRow): StoredTransition {
  return {
    id: String(r.id),
    consentId: r.consent_id,
    sequence: r.sequence,
    action: r.action,
    fromState: r.from_state,
    toState: r.to_state,
    grantedFields: r.granted_fields as FieldCode[],
    actor: { kind: r.actor_kind, id: r.actor_id },
    reason: r.reason,
    at: r.at.toISOString(),
    receiptId: r.receipt_id,
    receiptJws: r.receipt_jws,
  };
}

/**
 * A consent's created_at as its head carries it (toISOString, milliseconds: the registry writes
 * it from the application's clock, so the column holds no finer part), of a day that exists.
 */
const isCreatedAtPart = (value: unknown): value is string => {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(value)) return false;
  const at = new Date(value);
  return !Number.isNaN(at.getTime()) && at.toISOString() === value;
};

/** Keyset cursor over (created_at DESC, id DESC), opaque to clients; one this list did not issue throws InvalidCursorError (a 400 naming `cursor`). */
const decodeHeadCursor = (cursor: string | undefined): string[] | undefined => (cursor ? cursorKey(cursor, [isCreatedAtPart, isUuidPart]) : undefined);
const encodeHeadCursor = (head: ConsentHead): string => encodeCursor([head.createdAt, head.id]);

const HEAD = `SELECT * FROM "consent"."consent_heads"`;

/**
 * Transitions `t` after the transition with id $1 (0: the start) in commit order, whose writing
 * transactions are older than every one still running: a set no later commit can add to.
 * Transitions written before migration 202 have transaction 0.
 */
const COMMITTED_AFTER = `(t.tx, t.id) > (COALESCE((SELECT p.tx FROM "consent"."transitions" p WHERE p.id = $1), '0'::xid8), $1::bigint)
  AND t.tx < pg_snapshot_xmin(pg_current_snapshot())`;

export class ConsentRepository {
  constructor(private readonly source: Source) {}

  async insertConsent(consent: Consent): Promise<void> {
    const t = consent.terms;
    await this.source.query(
      `INSERT INTO "consent"."consents" (id, citizen_pseudonym, organisation_id, purpose_code, fields, operations,
         frequency_limit, frequency_period, valid_from, valid_to, data_life_days, request_expires_at, created_at)
       VALUES ($1, $2, $3, $4, $5::text[], $6::text[], $7, $8, $9, $10, $11, $12, $13)`,
      [consent.id, consent.citizenPseudonym, consent.organisationId, t.purposeCode, t.fields, t.operations,
        t.frequency?.limit ?? null, t.frequency?.period ?? null, t.validFrom, t.validTo, t.dataLifeDays, t.requestExpiresAt, consent.createdAt],
    );
  }

  async appendTransition(t: ConsentTransition, receipt: { id: string; jws: string }): Promise<StoredTransition> {
    const rows: TransitionRow[] = await this.source.query(
      `INSERT INTO "consent"."transitions" (consent_id, sequence, action, from_state, to_state, granted_fields,
         actor_kind, actor_id, reason, at, receipt_id, receipt_jws)
       VALUES ($1, $2, $3, $4, $5, $6::text[], $7, $8, $9, $10, $11, $12) RETURNING *`,
      [t.consentId, t.sequence, t.action, t.fromState, t.toState, t.grantedFields, t.actor.kind, t.actor.id, t.reason, t.at, receipt.id, receipt.jws],
    );
    return toTransition(rows[0]);
  }

  /**
   * The consent's head, with its row locked until the transaction ends, so two decisions on
   * one consent (say approve and revoke at once) are applied one after the other.
   */
  async lockHead(id: string): Promise<ConsentHead | null> {
    await this.source.query(`SELECT id FROM "consent"."consents" WHERE id = $1 FOR UPDATE`, [id]);
    return this.findHead(id);
  }

  async findHead(id: string): Promise<ConsentHead | null> {
    const rows: HeadRow[] = await this.source.query(`${HEAD} WHERE id = $1`, [id]);
    return rows[0] ? toHead(rows[0]) : null;
  }

  async listForCitizen(pseudonym: string, opts: { states?: ConsentState[]; cursor?: string; limit: number }): Promise<Page<ConsentHead>> {
    return this.page(`citizen_pseudonym = $1`, [pseudonym], opts);
  }

  async listForOrganisation(organisationId: string, opts: { states?: ConsentState[]; cursor?: string; limit: number }): Promise<Page<ConsentHead>> {
    return this.page(`organisation_id = $1`, [organisationId], opts);
  }

  private async page(where: string, params: unknown[], opts: { states?: ConsentState[]; cursor?: string; limit: number }): Promise<Page<ConsentHead>> {
    const conditions = [where];
    const args = [...params];
    if (opts.states?.length) {
      args.push(opts.states);
      conditions.push(`state = ANY($${args.length}::text[])`);
    }
    const cursor = decodeHeadCursor(opts.cursor);
    if (cursor) {
      args.push(cursor[0], cursor[1]);
      conditions.push(`(created_at, id) < ($${args.length - 1}::timestamptz, $${args.length}::uuid)`);
    }
    args.push(opts.limit + 1);
    const rows: HeadRow[] = await this.source.query(
      `${HEAD} WHERE ${conditions.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT $${args.length}`,
      args,
    );
    const items = rows.slice(0, opts.limit).map(toHead);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > opts.limit && last ? encodeHeadCursor(last) : null };
  }

  async history(consentId: string): Promise<StoredTransition[]> {
    const rows: TransitionRow[] = await this.source.query(
      `SELECT * FROM "consent"."transitions" WHERE consent_id = $1 ORDER BY sequence`,
      [consentId],
    );
    return rows.map(toTransition);
  }

  async findTransition(id: string): Promise<StoredTransition | null> {
    const rows: TransitionRow[] = await this.source.query(`SELECT * FROM "consent"."transitions" WHERE id = $1`, [id]);
    return rows[0] ? toTransition(rows[0]) : null;
  }

  /** Consents whose deadline has passed: unanswered requests, and consents past their end. */
  async dueForExpiry(now: Date, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.source.query(
      `${HEAD} WHERE (state = 'PENDING' AND request_expires_at <= $1) OR (state IN ('ACTIVE', 'PAUSED') AND valid_to <= $1)
        ORDER BY created_at LIMIT $2`,
      [now, limit],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Organisations currently allowed to see some of the citizen's data: consents in force that
   * grant any of `anyOfFields`. Keyset-paginated by consent, so the list is complete.
   */
  async inForceForCitizen(
    pseudonym: string,
    now: Date,
    cursor: string | undefined,
    limit: number,
    anyOfFields: readonly string[],
  ): Promise<Page<ConsentHead>> {
    const args: unknown[] = [pseudonym, now, anyOfFields];
    const conditions = [`citizen_pseudonym = $1`, `state = 'ACTIVE'`, `valid_from <= $2`, `valid_to > $2`, `granted_fields && $3::text[]`];
    const decoded = decodeHeadCursor(cursor);
    if (decoded) {
      args.push(decoded[0], decoded[1]);
      conditions.push(`(created_at, id) < ($4::timestamptz, $5::uuid)`);
    }
    args.push(limit + 1);
    const rows: HeadRow[] = await this.source.query(
      `${HEAD} WHERE ${conditions.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT $${args.length}`,
      args,
    );
    const items = rows.slice(0, limit).map(toHead);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeHeadCursor(last) : null };
  }

  /** The effective consent for (citizen, organisation, purpose): the newest one in force, if any. */
  async effective(pseudonym: string, organisationId: string, purposeCode: string, now: Date): Promise<ConsentHead | null> {
    const rows: HeadRow[] = await this.source.query(
      `${HEAD} WHERE citizen_pseudonym = $1 AND organisation_id = $2 AND purpose_code = $3
          AND state = 'ACTIVE' AND valid_from <= $4 AND valid_to > $4
        ORDER BY created_at DESC LIMIT 1`,
      [pseudonym, organisationId, purposeCode, now],
    );
    return rows[0] ? toHead(rows[0]) : null;
  }

  /** Transitions after `afterId`, in commit order (`transitionsAfter`), with what the audit log records of them. */
  async transitionsForAudit(afterId: string, limit: number): Promise<(StoredTransition & { organisationId: string; purposeCode: string; citizenPseudonym: string })[]> {
    const rows: (TransitionRow & { organisation_id: string; purpose_code: string; citizen_pseudonym: string })[] = await this.source.query(
      `SELECT t.*, c.organisation_id, c.purpose_code, c.citizen_pseudonym
         FROM "consent"."transitions" t JOIN "consent"."consents" c ON c.id = t.consent_id
        WHERE ${COMMITTED_AFTER} ORDER BY t.tx, t.id LIMIT $2`,
      [afterId, limit],
    );
    return rows.map((r) => ({ ...toTransition(r), organisationId: r.organisation_id, purposeCode: r.purpose_code, citizenPseudonym: r.citizen_pseudonym }));
  }

  async auditCursor(): Promise<string> {
    const rows: { last_transition_id: string }[] = await this.source.query(`SELECT last_transition_id FROM "consent"."audit_cursor" WHERE id = 1`);
    return String(rows[0]?.last_transition_id ?? '0');
  }

  /**
   * Moves the cursor forward only, in commit order (another replica may have sent further
   * already). The comparison is made on the cursor row as updated, so a late replica cannot move
   * it back.
   */
  async advanceAuditCursor(to: string): Promise<void> {
    await this.source.query(
      `UPDATE "consent"."audit_cursor" c SET last_transition_id = $1
        WHERE c.id = 1
          AND ((SELECT n.tx FROM "consent"."transitions" n WHERE n.id = $1), $1::bigint)
            > (COALESCE((SELECT o.tx FROM "consent"."transitions" o WHERE o.id = c.last_transition_id), '0'::xid8), c.last_transition_id)`,
      [to],
    );
  }

  /**
   * The stream of consent events (every transition) after the transition `afterId` ('0' for the
   * start), in commit order: by writing transaction, then id. Only transactions older than every
   * one still running are read (`pg_snapshot_xmin`), so no transition can later appear before
   * one already returned, as an id taken before a slower transaction's commit could in id order.
   * Null when `afterId` is not a transition.
   */
  async transitionsAfter(afterId: string, limit: number): Promise<StoredTransition[] | null> {
    if (afterId !== '0' && (await this.source.query(`SELECT 1 FROM "consent"."transitions" WHERE id = $1`, [afterId])).length === 0) return null;
    const rows: TransitionRow[] = await this.source.query(
      `SELECT t.* FROM "consent"."transitions" t WHERE ${COMMITTED_AFTER} ORDER BY t.tx, t.id LIMIT $2`,
      [afterId, limit],
    );
    return rows.map(toTransition);
  }
}
