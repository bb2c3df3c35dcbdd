import { QueueService } from '@consentry/shared-queue';
import { waitFor } from '@consentry/shared-testing';
import { GatewayStack, Org } from './gateway-fixtures';

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
});
