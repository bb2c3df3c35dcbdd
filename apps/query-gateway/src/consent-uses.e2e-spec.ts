import { getDataSourceToken } from '@nestjs/typeorm';
import { GatewayRequestRepository } from '@consentry/gateway-data-access';
import { GatewayStack, Org } from './gateway-fixtures';

describe("gateway: a consent's frequency limit", () => {
  let s: GatewayStack;
  let bank: Org;

  beforeAll(async () => {
    s = await GatewayStack.start();
    bank = await s.organisation('Limited Bank');
    await s.licence(bank, { grants: [{ purposeCode: 'account-opening', operations: ['verify'], fields: ['fullName'] }] });
    await s.topUp(bank, '100000');
  });
  afterAll(() => s?.stop());

  const verify = (org: Org, citizen = 0) =>
    s.call('POST', '/v1/verifications', org.key, { citizenId: s.citizens[citizen].idNumber, purpose: 'account-opening', claims: { fullName: s.citizens[citizen].fullName } });
  const charges = async (org: Org) => (await s.sql(`SELECT count(*)::int AS n FROM metering.ledger_transactions WHERE kind = 'charge' AND organisation_id = $1`, [org.id]))[0].n;

  it('answers a consent given for one use once, then refuses it as used up', async () => {
    await s.grantConsent(bank, s.citizens[1], ['fullName'], { frequency: { limit: 1, period: 'once' } });
    expect((await verify(bank, 1)).status).toBe(200);
    const again = await verify(bank, 1);
    expect(again.status).toBe(403);
    expect(again.body.reasonCode).toBe('CONSENT_FREQUENCY_EXCEEDED');
  });

  it('lets no more concurrent requests through than the consent allows, and charges only those', async () => {
    await s.grantConsent(bank, s.citizens[2], ['fullName'], { frequency: { limit: 2, period: 'day' } });
    const before = await charges(bank);
    const replies = await Promise.all(Array.from({ length: 8 }, () => verify(bank, 2)));
    expect(replies.filter((r) => r.status === 200)).toHaveLength(2);
    const refused = replies.filter((r) => r.status !== 200);
    expect(refused.map((r) => [r.status, r.body.reasonCode])).toEqual(Array(6).fill([403, 'CONSENT_FREQUENCY_EXCEEDED']));
    expect((await charges(bank)) - before).toBe(2);
  });

  it('gives the use back when the answer is refused for balance, so it can be made once paid for', async () => {
    const broke = await s.organisation('Unfunded Bank');
    await s.licence(broke, { grants: [{ purposeCode: 'account-opening', operations: ['verify'], fields: ['fullName'] }] });
    await s.grantConsent(broke, s.citizens[3], ['fullName'], { frequency: { limit: 1, period: 'once' } });
    expect((await verify(broke, 3)).status).toBe(402);
    await s.topUp(broke, '10000');
    expect((await verify(broke, 3)).status).toBe(200);
    expect((await verify(broke, 3)).status).toBe(403);
  });

  it('forgets the uses of day and month periods long over, never those of a consent given once', async () => {
    const [day, once] = ['5c9d2f7e-8a41-4b3a-a6f5-7d2e9b0c3d02', 'f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a03'];
    await s.sql(`INSERT INTO gateway.consent_uses (consent_id, period_start, uses) VALUES ($1, now() - interval '40 days', 3), ($1, now(), 1), ($2, 'epoch', 1)`, [day, once]);
    await new GatewayRequestRepository(s.gateway.app.get(getDataSourceToken())).purgeUses(new Date(Date.now() - 32 * 86_400_000));
    const left = await s.sql(`SELECT consent_id, uses FROM gateway.consent_uses WHERE consent_id = ANY($1::uuid[]) ORDER BY consent_id, period_start`, [[day, once]]);
    expect(left).toEqual([{ consent_id: day, uses: 1 }, { consent_id: once, uses: 1 }]);
  });
});
