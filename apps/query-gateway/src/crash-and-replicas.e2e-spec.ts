import { SpawnedProcess, TEST_SECRETS, spawnEntry, waitFor } from '@consentry/shared-testing';
import { GatewayStack, Org, send, tokenFor } from './gateway-fixtures';

/* eslint-disable @typescript-eslint/no-explicit-any */

// Gateways run as real processes here, on the test database, as replicas would in production.
function startGateway(s: GatewayStack, port: number): SpawnedProcess {
  return spawnEntry('apps/query-gateway/src/main.ts', {
    PATH: process.env['PATH'],
    HOME: process.env['HOME'],
    DATABASE_URL: s.db.url,
    REDIS_URL: process.env['REDIS_URL'],
    QUEUE_PREFIX: 'crash',
    ...TEST_SECRETS,
    QUERY_GATEWAY_PORT: String(port),
    LOG_LEVEL: 'warn',
    AUDIT_RELAY_INTERVAL_MS: '100',
    RATE_LIMIT_PER_ORGANISATION: '100000',
    RATE_LIMIT_PER_KEY: '100000',
  });
}

const ready = (port: number) => waitFor(async () => (await fetch(`http://127.0.0.1:${port}/health/ready`)).status === 200, 60_000, `gateway on ${port}`);

describe('gateway processes', () => {
  let s: GatewayStack;
  let org: Org;
  const spawned: SpawnedProcess[] = [];

  beforeAll(async () => {
    s = await GatewayStack.start();
    org = await s.organisation('Crash Bank');
    await s.licence(org, { grants: [{ purposeCode: 'account-opening', operations: ['verify'], fields: ['fullName', 'dateOfBirth'] }] });
    await s.grantConsent(org, s.citizens[0], ['fullName', 'dateOfBirth']);
  });
  afterAll(async () => {
    for (const p of spawned) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    await s?.stop();
  });

  const verifyVia = (port: number) =>
    send(`http://127.0.0.1:${port}`, 'POST', '/v1/verifications', org.key, {
      citizenId: s.citizens[0].idNumber,
      purpose: 'account-opening',
      claims: { fullName: s.citizens[0].fullName },
    });

  it('after kill -9 under load: answered requests = charges = audit events, no duplicates, no gaps', async () => {
    await s.topUp(org, '100000000');
    const port = 13311;
    let gateway = startGateway(s, port);
    spawned.push(gateway);
    await ready(port);

    const answered: string[] = [];
    let stop = false;
    const loops = Array.from({ length: 6 }, async () => {
      while (!stop) {
        try {
          const r = await verifyVia(port);
          if (r.status === 200) answered.push(r.body.requestId);
        } catch {
          // connection refused or reset by the kill
        }
      }
    });
    await waitFor(async () => answered.length >= 60, 60_000, 'some answers before the kill');
    gateway.child.kill('SIGKILL');
    expect(await gateway.exited).toBe('SIGKILL');
    await new Promise((r) => setTimeout(r, 300));
    stop = true;
    await Promise.all(loops);

    gateway = startGateway(s, port);
    spawned.push(gateway);
    await ready(port);
    await waitFor(async () => (await s.sql(`SELECT count(*)::int AS n FROM gateway.audit_outbox WHERE delivered_at IS NULL`))[0].n === 0, 30_000, 'the outbox to drain');

    const requests = await s.sql(`SELECT id, audit_event_id FROM gateway.requests WHERE organisation_id = $1 AND decision = 'allow'`, [org.id]);
    const charges = await s.sql(`SELECT request_id FROM metering.ledger_transactions WHERE organisation_id = $1 AND kind = 'charge'`, [org.id]);
    const outbox = await s.sql(`SELECT event_id FROM gateway.audit_outbox`);
    const ids = new Set(requests.map((r: any) => r.id));
    // Every answer the client saw was committed with its charge and audit event...
    for (const id of answered) expect(ids.has(id)).toBe(true);
    // ...and every committed answer has exactly one charge and one audit event.
    expect(charges.map((c: any) => c.request_id).sort()).toEqual([...ids].sort());
    const events = new Set(outbox.map((o: any) => o.event_id));
    for (const r of requests) expect(events.has(r.audit_event_id)).toBe(true);
    // Committed but unseen answers (in flight at the kill) are charged and audited too: at most one per loop.
    expect(ids.size - answered.length).toBeLessThanOrEqual(6);
    console.log(`kill test: ${answered.length} answers seen, ${ids.size} committed, ${charges.length} charges, ${events.size} audit events`);

    gateway.child.kill('SIGTERM');
    await gateway.exited;
  }, 180_000);

  it('a revocation acknowledged to the citizen is refused by every replica from the next request on', async () => {
    const [a, b] = [13331, 13332];
    const ga = startGateway(s, a);
    const gb = startGateway(s, b);
    spawned.push(ga, gb);
    await Promise.all([ready(a), ready(b)]);
    await s.topUp(org, '1000000');
    const citizen = s.citizens[2];
    const consentId = await s.grantConsent(org, citizen, ['fullName']);
    const body = { citizenId: citizen.idNumber, purpose: 'account-opening', claims: { fullName: citizen.fullName } };
    const via = (port: number) => send(`http://127.0.0.1:${port}`, 'POST', '/v1/verifications', org.key, body);
    expect([(await via(a)).status, (await via(b)).status]).toEqual([200, 200]);
    const revoked = await s.callConsent('POST', `/v1/me/consents/${consentId}/revoke`, tokenFor('citizen', citizen.idNumber), {});
    expect(revoked.status).toBe(200);
    const after = await Promise.all([via(a), via(b), via(a), via(b)]);
    expect(after.map((r) => r.status)).toEqual([403, 403, 403, 403]);
    expect(after.every((r) => r.body.reasonCode === 'CONSENT_REVOKED')).toBe(true);
    for (const g of [ga, gb]) g.child.kill('SIGTERM');
    await Promise.all([ga.exited, gb.exited]);
  }, 120_000);

  it('two replicas never overdraw the prepaid balance under concurrent requests', async () => {
    const tight = await s.organisation('Tight Bank');
    await s.licence(tight, { grants: [{ purposeCode: 'account-opening', operations: ['verify'], fields: ['fullName'] }] });
    await s.grantConsent(tight, s.citizens[1], ['fullName']);
    await s.topUp(tight, '10000');
    const [a, b] = [13321, 13322];
    const ga = startGateway(s, a);
    const gb = startGateway(s, b);
    spawned.push(ga, gb);
    await Promise.all([ready(a), ready(b)]);

    const body = { citizenId: s.citizens[1].idNumber, purpose: 'account-opening', claims: { fullName: 'x' } };
    const replies = await Promise.all(
      Array.from({ length: 40 }, (_, i) => send(`http://127.0.0.1:${i % 2 ? a : b}`, 'POST', '/v1/verifications', tight.key, body)),
    );
    const statuses = replies.map((r) => r.status);
    expect(statuses.filter((x) => x === 200)).toHaveLength(10);
    expect(statuses.filter((x) => x === 402)).toHaveLength(30);
    expect(await s.balance(tight)).toBe(0n);
    for (const g of [ga, gb]) g.child.kill('SIGTERM');
    await Promise.all([ga.exited, gb.exited]);
  }, 120_000);
});
