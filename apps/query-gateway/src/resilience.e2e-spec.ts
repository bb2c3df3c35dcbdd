import { queryGatewayService } from '@consentry/gateway-feature';
import { QueueService } from '@consentry/shared-queue';
import { TcpProxy, startTestService, waitFor } from '@consentry/shared-testing';
import { GatewayStack, Org, send } from './gateway-fixtures';

describe('gateway when a dependency fails', () => {
  let s: GatewayStack;
  let org: Org;

  beforeAll(async () => {
    s = await GatewayStack.start();
    org = await s.organisation('Steady Bank');
    await s.licence(org, { grants: [{ purposeCode: 'account-opening', operations: ['verify'], fields: ['fullName'] }] });
    await s.topUp(org, '100000');
    await s.grantConsent(org, s.citizens[0], ['fullName']);
  });
  afterAll(() => s?.stop());

  const verify = () => s.call('POST', '/v1/verifications', org.key, { citizenId: s.citizens[0].idNumber, purpose: 'account-opening', claims: { fullName: 'x' } });
  const pending = async () => (await s.sql(`SELECT count(*)::int AS n FROM gateway.audit_outbox WHERE delivered_at IS NULL`))[0].n;

  it('keeps answering while the queue is down (the outbox grows) and drains it when the queue returns', async () => {
    const queues = s.gateway.app.get(QueueService);
    const add = queues.add.bind(queues);
    queues.add = async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
    };
    try {
      for (let i = 0; i < 5; i++) expect((await verify()).status).toBe(200);
      await new Promise((r) => setTimeout(r, 500));
      expect(await pending()).toBeGreaterThanOrEqual(5);
    } finally {
      queues.add = add;
    }
    await waitFor(async () => (await pending()) === 0, 15_000, 'the outbox to drain');
  });

  it('answers 503 while the database is unreachable, never an answer without its charge, and recovers when it returns', async () => {
    // A second gateway reaching the same database through a proxy that can cut it off.
    const proxy = await TcpProxy.start(s.db.url);
    const gateway = await startTestService(queryGatewayService, proxy.urlFor(s.db.url), { QUEUE_PREFIX: s.queuePrefix, AUDIT_RELAY_INTERVAL_MS: '100' });
    const call = (method: string, path: string, body?: unknown) => send(gateway.url, method, path, body === undefined ? undefined : org.key, body);
    const viaProxy = () => call('POST', '/v1/verifications', { citizenId: s.citizens[0].idNumber, purpose: 'account-opening', claims: { fullName: 'x' } });
    const charges = async () => (await s.sql(`SELECT count(*)::int AS n FROM metering.ledger_transactions WHERE kind = 'charge' AND organisation_id = $1`, [org.id]))[0].n;
    const answered = async () => (await s.sql(`SELECT count(*)::int AS n FROM gateway.requests WHERE decision = 'allow' AND organisation_id = $1`, [org.id]))[0].n;
    try {
      let ok = 0;
      const first = await viaProxy();
      expect(first.status).toBe(200);
      ok += 1;
      const before = { charges: await charges(), answered: await answered() };

      await proxy.cut();
      const down = await viaProxy();
      expect(down.status).toBe(503);
      expect(down.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(down.body).toMatchObject({ status: 503, type: 'https://consentry.dev/problems/database-unavailable' });
      expect(JSON.stringify(down.body)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|password/);
      // The process itself stays up and says it is not ready.
      expect((await call('GET', '/health/live')).status).toBe(200);
      expect((await call('GET', '/health/ready')).status).toBe(503);
      // Nothing was charged or recorded for the refused request.
      expect({ charges: await charges(), answered: await answered() }).toEqual(before);

      await proxy.restore();
      await waitFor(async () => (await viaProxy()).status === 200, 20_000, 'the gateway to answer again');
      ok += 1;
      // Every 200 seen has exactly one charge and one answered request, no more.
      expect(await charges()).toBe(before.charges + ok - 1);
      expect(await answered()).toBe(before.answered + ok - 1);
    } finally {
      await gateway.app.close().catch(() => undefined);
      await proxy.stop();
    }
  }, 60_000);
});
