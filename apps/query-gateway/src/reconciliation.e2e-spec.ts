import { auditLogService } from '@consentry/audit-feature';
import { RunningService } from '@consentry/shared-runtime';
import { startTestService, waitFor } from '@consentry/shared-testing';
import { GatewayStack, Org } from './gateway-fixtures';

// Metering's reconciliation against the real audit log: a charge whose audit entry has not
// arrived is reported; once the audit log has ingested it, charges and entries match one to one.
describe('reconciliation of charges against the audit log', () => {
  let s: GatewayStack;
  let org: Org;
  let auditLog: RunningService | undefined;

  beforeAll(async () => {
    s = await GatewayStack.start();
    org = await s.organisation('Reconciled Bank');
    await s.licence(org, { grants: [{ purposeCode: 'account-opening', operations: ['verify'], fields: ['fullName'] }] });
    await s.topUp(org, '100000');
    await s.grantConsent(org, s.citizens[0], ['fullName']);
  });
  afterAll(async () => {
    await auditLog?.app.close();
    await s?.stop();
  });

  const reconcile = (from: Date) =>
    s.call('POST', '/v1/metering/reconciliations/audit', s.operator, { from: from.toISOString(), to: new Date(Date.now() + 60_000).toISOString() });

  it('reports a charge missing from the audit log, then nothing once the log has it', async () => {
    const from = new Date(Date.now() - 60_000);
    const answered = [];
    for (let i = 0; i < 3; i++) {
      const res = await s.call('POST', '/v1/verifications', org.key, { citizenId: s.citizens[0].idNumber, purpose: 'account-opening', claims: { fullName: 'x' } });
      expect(res.status).toBe(200);
      answered.push(res.body.requestId);
    }
    // No audit-log service yet: the events wait on the queue.
    const before = await reconcile(from);
    expect(before.status).toBe(200);
    expect(before.body.skipped).toBeUndefined();
    expect(JSON.stringify(before.body.findings)).toContain(answered[0]);

    auditLog = await startTestService(auditLogService, s.db.url, { QUEUE_PREFIX: s.queuePrefix });
    await waitFor(async () => (await s.sql(`SELECT count(*)::int AS n FROM audit.entries WHERE operation = 'verify'`))[0].n >= 3, 20_000, 'the audit log to ingest');
    const after = await reconcile(from);
    expect(after.body.findings).toEqual([]);
  });
});
