import { DataSource } from 'typeorm';
import { Coalescer, queryPrepared } from '@consentry/shared-database';
import { AccessRecordWriter, EmbeddedCall } from './access-record.writer';
import { GatewayRequestRow, REQUEST_COLUMNS, REQUEST_COLUMN_DEFINITIONS, REQUEST_COLUMN_NAMES, requestRecord } from './gateway-request.repository';

export interface RecordBatchOptions {
  /**
   * Most records in one statement; 1 turns group commit off (no queue, no limit on statements at
   * once). A batch's charges use a subtransaction per organisation and day (ADR 0007); PostgreSQL
   * caches 64 per transaction.
   */
  maxBatch: number;
  /** Batches written at once, each on its own connection; a new record waits only when all are busy. */
  maxInFlight: number;
}

/** What the batcher did so far: for metrics, the bench and tests that must see batching happen. */
export interface RecordBatchStats {
  /** Statements that recorded more than one request. */
  batches: number;
  /** Requests recorded by those statements. */
  batched: number;
  /** Requests recorded on their own: alone in the queue, or retried. */
  alone: number;
  /** Charges a batch gave back as busy (no free slot covered them, the quota or a replay must be decided alone), charged again on their own. */
  busy: number;
  /** Batches that failed and whose requests were each written on their own. */
  fallbacks: number;
}

interface Item {
  row: GatewayRequestRow;
  event: { eventId: string; payload: object };
  call?: EmbeddedCall;
}

type Result = Record<string, unknown> | undefined;

/**
 * The result of a charged record found stored after its batch statement failed: the batch
 * committed, and the charge is the one made for this request (found by its request id).
 */
export const RECORDED_EARLIER: Readonly<Record<string, unknown>> = Object.freeze({ status: 'replayed', recordedEarlier: true });
/** Each item's own outcome, so that one failed write fails only its own request. */
type Outcome = { ok: true; result: Result } | { ok: false; error: unknown };

/**
 * Group commit for AccessRecordWriter (ADR 0006): concurrent requests' records, each with its fee
 * charge, written by one statement, so one transaction and one WAL flush for many answers.
 *
 * A record is written at once, alone, while fewer than `maxInFlight` statements are running (so
 * light load waits for nothing); otherwise it queues, and the next free writer takes up to
 * `maxBatch` queued records together (Coalescer). Each caller gets what AccessRecordWriter.write
 * would have returned, after the statement that holds its rows has committed. All of a batch
 * commits, or none of it:
 * - a charge the batch did not make (`batch.retryWhen`: it would have waited for a lock, or must
 *   be decided on its own) wrote nothing; it is written again on its own (where it may wait)
 *   after the batch commits;
 * - when the batch statement fails, each of its records is written on its own, so one bad record
 *   fails only its own request.
 */
export class AccessRecordBatcher {
  readonly stats: RecordBatchStats = { batches: 0, batched: 0, alone: 0, busy: 0, fallbacks: 0 };
  private readonly coalescer: Coalescer<Item, Outcome>;
  /** Statement texts by the call they embed (undefined: none). */
  private readonly texts = new Map<string | undefined, string>();

  constructor(
    private readonly source: DataSource,
    private readonly options: RecordBatchOptions,
  ) {
    this.coalescer = new Coalescer((items) => this.writeBatch(items), options);
  }

  async write(row: GatewayRequestRow, event: { eventId: string; payload: object }, call?: EmbeddedCall): Promise<Result> {
    // Batches of one: group commit is off, and each record is written at once, however many run.
    const outcome = this.options.maxBatch === 1 ? await this.writeAlone({ row, event, call }) : await this.coalescer.call({ row, event, call });
    if (!outcome.ok) throw outcome.error;
    return outcome.result;
  }

  private async writeBatch(items: Item[]): Promise<(Outcome | Promise<Outcome>)[]> {
    const kind = items.find((i) => i.call)?.call;
    // Only calls of one kind share a statement (its text is theirs); any other goes on its own.
    const together = items.filter((i) => !i.call || sameKind(i.call, kind!));
    if (together.length < 2) return Promise.all(items.map((item) => this.writeAlone(item)));
    let rows: Record<string, unknown>[];
    try {
      rows = await this.statement(together, kind);
    } catch {
      this.stats.fallbacks++;
      // The statement may have committed before its reply was lost (a dropped connection). Then
      // its records are there, each charge made, and writing them again would fail (the row's id)
      // or find the charge made already: those items are answered as recorded.
      const recorded = await this.recorded(together).catch(() => new Set<string>());
      return Promise.all(items.map((item) => (recorded.has(`${item.row.id}/${item.event.eventId}`) ? { ok: true as const, result: item.call ? RECORDED_EARLIER : undefined } : this.writeAlone(item))));
    }
    this.stats.batches++;
    const results = new Map(rows.map(({ n, ...result }) => [n as number, result]));
    return items.map((item) => {
      const n = together.indexOf(item);
      if (n < 0) return this.writeAlone(item);
      const result = results.get(n);
      if (item.call && result?.['status'] === item.call.batch.retryWhen) {
        this.stats.busy++;
        // After the commit, and without holding up the next batch: this write may wait for a slot.
        return this.writeAlone(item);
      }
      this.stats.batched++;
      return { ok: true, result: item.call ? result : undefined };
    });
  }

  /** Which of these items' records are stored (request id and audit event id both theirs). */
  private async recorded(items: Item[]): Promise<Set<string>> {
    const rows: { id: string; audit_event_id: string }[] = await this.source.query(
      `SELECT id::text, audit_event_id::text FROM "gateway"."requests" WHERE id = ANY($1::uuid[])`,
      [items.map((i) => i.row.id)],
    );
    return new Set(rows.map((r) => `${r.id}/${r.audit_event_id}`));
  }

  private async writeAlone(item: Item): Promise<Outcome> {
    this.stats.alone++;
    try {
      return { ok: true, result: await new AccessRecordWriter(this.source).write(item.row, item.event, item.call) };
    } catch (error) {
      return { ok: false, error };
    }
  }

  /**
   * One statement: the items as a jsonb array, their calls all at once, and the request and
   * outbox rows of every item without a call or whose call returned `recordWhen`.
   */
  private statement(items: Item[], kind: EmbeddedCall | undefined): Promise<Record<string, unknown>[]> {
    const json = JSON.stringify(
      items.map((item, n) => ({ n, ...requestRecord(item.row), event_id: item.event.eventId, payload: item.event.payload, call: item.call?.batch.args ?? null })),
    );
    return queryPrepared(this.source, kind ? 'gateway_record_batch_charged' : 'gateway_record_batch', this.textFor(kind), [json, kind?.recordWhen ?? null]);
  }

  /** The statement's text for calls of one kind (or none), built once per kind. */
  private textFor(kind: EmbeddedCall | undefined): string {
    const calls = kind && `SELECT r.n, ${kind.columns} FROM ${kind.batch.fromAll(`(SELECT jsonb_agg(jsonb_build_object('n', i.n, 'call', i.call)) FROM i WHERE i.call IS NOT NULL)`)} r`;
    let text = this.texts.get(calls);
    if (text) return text;
    const columns = REQUEST_COLUMN_NAMES.map((c) => `i.${c}`).join(', ');
    const callsCte = calls ? `c AS MATERIALIZED (${calls}),` : `c AS (SELECT NULL::integer AS n, NULL::text AS status WHERE false),`;
    text = `WITH i AS MATERIALIZED (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(n integer, ${REQUEST_COLUMN_DEFINITIONS}, event_id uuid, payload jsonb, call jsonb)),
            ${callsCte}
            w AS (SELECT i.* FROM i LEFT JOIN c ON c.n = i.n WHERE i.call IS NULL OR c.status = $2::text),
            r AS (INSERT INTO "gateway"."requests" (${REQUEST_COLUMNS}) SELECT ${columns} FROM w i),
            o AS (INSERT INTO "gateway"."audit_outbox" (event_id, payload) SELECT i.event_id, i.payload FROM w i)
       SELECT * FROM c`;
    this.texts.set(calls, text);
    return text;
  }
}

/** Calls that can share a statement: the same columns, statuses and SQL builder (compared without building the SQL for each item). */
function sameKind(a: EmbeddedCall, b: EmbeddedCall): boolean {
  return a.columns === b.columns && a.recordWhen === b.recordWhen && a.batch.retryWhen === b.batch.retryWhen && a.batch.fromAll === b.batch.fromAll;
}
