import { randomBytes, randomUUID } from 'node:crypto';
import { createAuditLogService } from '@consentry/audit-feature';
import { consentRegistryService } from '@consentry/consent-feature';
import { policyEngineService } from '@consentry/policy-feature';
import { encodeIdNumber } from '@consentry/population-domain';
import { AccessTokens, pseudonymFor } from '@consentry/shared-auth';
import { RunningService } from '@consentry/shared-runtime';
import { TEST_SECRETS, TestDatabase, startTestDatabase, startTestService, waitFor } from '@consentry/shared-testing';

// POST /v1/decisions names an organisation that did nothing; the entry it leaves in the audit
// log must say that a member of staff asked, across the policy engine, the queue and the log.
describe(`a decision staff asked, from the policy engine to the audit log, on ${process.env['DATABASE_URL'] ? 'PostgreSQL' : 'PGlite'}`, () => {
  let db: TestDatabase;
  const services: RunningService[] = [];
  let policy: RunningService;
  let audit: RunningService;
  const tokens = new AccessTokens(TEST_SECRETS.AUTH_TOKEN_SECRET);
  const regulatorAccount = randomUUID();
  const regulator = tokens.issue({ accountId: regulatorAccount, role: 'regulator' }).token;
  const citizenId = encodeIdNumber({ provinceCode: '079', sex: 'female', birthYear: 1990, serial: 4242 });
  const citizen = tokens.issue({ accountId: randomUUID(), role: 'citizen', citizenPseudonym: pseudonymFor(TEST_SECRETS.PSEUDONYM_KEY, citizenId), eidLevel: 2 }).token;

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const call = async (base: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: any }> => {
    const res = await fetch(base + path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };

  beforeAll(async () => {
    db = await startTestDatabase();
    // One queue prefix: what the policy engine enqueues, the audit log consumes.
    const env = { QUEUE_PREFIX: `t${randomBytes(4).toString('hex')}` };
    services.push(await startTestService(consentRegistryService, db.url, env));
    services.push((policy = await startTestService(policyEngineService, db.url, env)));
    services.push((audit = await startTestService(createAuditLogService({ env: { AUDIT_CHECKPOINT_INTERVAL_MS: '200' } }), db.url, env)));
  });
  afterAll(async () => {
    for (const s of services.reverse()) await s.app.close().catch(() => undefined);
    await db?.stop();
  });

  it('reaches the log with the regulator as actor; the citizen sees it as asked by a regulator, not by the organisation', async () => {
    const organisationId = randomUUID();
    const decided = await call(policy.url, '/v1/decisions', regulator, { organisationId, operation: 'lookup', purpose: 'account-opening', fields: ['fullName'], citizenId });
    expect(decided.status).toBe(200);
    const eventId = decided.body.auditEventId;

    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    let entry: any;
    await waitFor(async () => {
      entry = (await call(audit.url, '/v1/regulator/entries?operation=decision', regulator)).body.items.find((i: { eventId: string }) => i.eventId === eventId);
      return entry !== undefined;
    }, 30_000, 'the decision in the audit log');
    expect(entry).toMatchObject({ organisationId, operation: 'decision', decision: 'deny', requestedBy: 'regulator', actor: { role: 'regulator', subject: regulatorAccount } });

    const mine = (await call(audit.url, '/v1/citizen/accesses', citizen)).body.items;
    expect(mine).toEqual([expect.objectContaining({ eventId, organisationId, requestedBy: 'regulator' })]);
    expect(mine[0]).not.toHaveProperty('actor');
  });
});
