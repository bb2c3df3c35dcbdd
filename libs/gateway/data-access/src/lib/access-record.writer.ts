import { DataSource, EntityManager } from 'typeorm';
import { queryPrepared } from '@consentry/shared-database';
import { GatewayRequestRow, REQUEST_COLUMNS, requestParams, requestValues } from './gateway-request.repository';

/** A call embedded in the record's statement (the fee charge), and the columns it yields. */
export interface EmbeddedCall {
  /** A FROM item with parameters numbered from `$first`, and those parameters. */
  from(first: number): { sql: string; params: unknown[] };
  /** Its result columns; one of them must be "status". */
  columns: string;
  /** The status for which the request and its audit event are recorded. */
  recordWhen: string;
  /** The same call inside a statement that records many requests (AccessRecordBatcher). */
  batch: {
    /** Its arguments, as JSON values. */
    args: unknown[];
    /**
     * A FROM item making all the calls in `json` (a jsonb array of `{ n, call }`, `call` being
     * `args`) at once, yielding `n` and the call's columns for each; it never waits for a lock.
     * One function for every call of a kind: calls share a batch statement only when theirs is the same.
     */
    fromAll(json: string): string;
    /** The status it returns for a call it did not make (it would have waited, or must be decided on its own): nothing was written, and the call is made again on its own. */
    retryWhen: string;
  };
}

/**
 * Writes what one request leaves behind (its request row and its audit outbox row, and for an
 * answered request its fee charge) as ONE statement. Alone on the pool it commits by itself;
 * there is no window in which the answer's rows exist without its charge, or the reverse, and
 * the charge's lock on its prepaid balance slot lasts only as long as PostgreSQL runs the statement.
 * Both forms are prepared statements: parsed and planned once per connection.
 */
export class AccessRecordWriter {
  constructor(private readonly source: DataSource | EntityManager) {}

  /** Returns the embedded call's result row, or undefined when there is no call. */
  async write(row: GatewayRequestRow, event: { eventId: string; payload: object }, call?: EmbeddedCall): Promise<Record<string, unknown> | undefined> {
    const params = [...requestParams(row), event.eventId, JSON.stringify(event.payload)];
    if (!call) {
      await queryPrepared(
        this.source,
        'gateway_record',
        `WITH r AS (INSERT INTO "gateway"."requests" (${REQUEST_COLUMNS}) VALUES (${requestValues(1)}))
         INSERT INTO "gateway"."audit_outbox" (event_id, payload) VALUES ($19, $20::jsonb)`,
        params,
      );
      return undefined;
    }
    const embedded = call.from(params.length + 2);
    const rows = await queryPrepared<Record<string, unknown>>(
      this.source,
      'gateway_record_charged',
      `WITH c AS MATERIALIZED (SELECT ${call.columns} FROM ${embedded.sql}),
            r AS (INSERT INTO "gateway"."requests" (${REQUEST_COLUMNS}) SELECT ${requestValues(1)} FROM c WHERE c.status = $21::text),
            o AS (INSERT INTO "gateway"."audit_outbox" (event_id, payload) SELECT $19::uuid, $20::jsonb FROM c WHERE c.status = $21::text)
       SELECT * FROM c`,
      [...params, call.recordWhen, ...embedded.params],
    );
    return rows[0];
  }
}
