import { DataSource, EntityManager } from 'typeorm';
import { decodeAuditLeaf } from '@consentry/audit-domain';

/**
 * The audit log's record of answered requests (verify and lookup entries with decision allow)
 * that occurred in [from, to), read from the log's own leaves, page by page in log order. For
 * reconciliation by services that share the PostgreSQL cluster (metering, in the gateway).
 */
export async function* answeredRequestsInLog(
  source: DataSource | EntityManager,
  period: { from: Date; to: Date },
  pageSize = 1000,
): AsyncIterable<{ requestId: string; organisationId: string }[]> {
  let after = -1;
  for (;;) {
    const rows: { idx: string; leaf: Buffer }[] = await source.query(
      `SELECT idx, leaf FROM "audit"."entries"
        WHERE occurred_at >= $1 AND occurred_at < $2 AND operation IN ('verify', 'lookup') AND decision = 'allow' AND idx > $3
        ORDER BY idx LIMIT $4`,
      [period.from, period.to, after, pageSize],
    );
    if (rows.length === 0) return;
    yield rows.map((r) => {
      const leaf = decodeAuditLeaf(r.leaf);
      return { requestId: leaf.requestId, organisationId: leaf.organisationId };
    });
    after = Number(rows[rows.length - 1].idx);
  }
}
