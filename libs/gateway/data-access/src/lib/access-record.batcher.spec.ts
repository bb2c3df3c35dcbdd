import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AccessRecordBatcher } from './access-record.batcher';
import { GatewayRequestRow } from './gateway-request.repository';

/** A pool whose statements the test sees and finishes by hand. */
function manualPool() {
  const pending: { text: string; resolve(result: { rows: unknown[] }): void }[] = [];
  const source = { driver: { master: { query: (q: { text: string }) => new Promise((resolve) => pending.push({ text: q.text, resolve })) } } };
  const finish = async (index = 0) => {
    pending.splice(index, 1)[0].resolve({ rows: [] });
    await new Promise((r) => setImmediate(r));
  };
  return { source: source as unknown as DataSource, pending, finish };
}

const row = (): GatewayRequestRow => ({
  id: randomUUID(), organisationId: randomUUID(), apiKeyId: randomUUID(), operation: 'verify', batchId: null, purpose: 'kyc', citizenPseudonym: null,
  consentId: null, decision: 'deny', reasonCode: 'CONSENT_MISSING', fields: [], charge: null, auditEventId: randomUUID(), createdAt: new Date(),
});
const write = (b: AccessRecordBatcher, r: GatewayRequestRow) => b.write(r, { eventId: r.auditEventId, payload: {} });

describe('AccessRecordBatcher', () => {
  it('writes the first record at once, and the ones that queue behind it in one statement', async () => {
    const pool = manualPool();
    const batcher = new AccessRecordBatcher(pool.source, { maxBatch: 8, maxInFlight: 1 });
    const writes = [row(), row(), row()].map((r) => write(batcher, r));
    expect(pool.pending).toHaveLength(1);
    expect(pool.pending[0].text).not.toContain('jsonb_to_recordset');
    await pool.finish();
    expect(pool.pending).toHaveLength(1);
    expect(pool.pending[0].text).toContain('jsonb_to_recordset');
    await pool.finish();
    await expect(Promise.all(writes)).resolves.toEqual([undefined, undefined, undefined]);
    expect(batcher.stats).toMatchObject({ batches: 1, batched: 2, alone: 1 });
  });

  it('with batches of one (group commit off) writes every record at once, however many run', async () => {
    const pool = manualPool();
    const batcher = new AccessRecordBatcher(pool.source, { maxBatch: 1, maxInFlight: 1 });
    const writes = [row(), row(), row()].map((r) => write(batcher, r));
    await new Promise((r) => setImmediate(r));
    expect(pool.pending).toHaveLength(3);
    for (let i = 0; i < 3; i++) await pool.finish();
    await Promise.all(writes);
    expect(batcher.stats).toMatchObject({ batches: 0, alone: 3 });
  });
});
