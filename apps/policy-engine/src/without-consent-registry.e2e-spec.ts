import { AccessTokens } from '@consentry/shared-auth';
import { policyEngineService } from '@consentry/policy-feature';
import { RunningService } from '@consentry/shared-runtime';
import { TEST_SECRETS, TestDatabase, json, startTestDatabase, startTestService } from '@consentry/shared-testing';

// The policy engine reads the consent registry's catalogue and consent view. On a database the
// consent registry has never migrated, what needs them answers a 503 problem; the rest works.
describe('policy engine without the consent registry', () => {
  let db: TestDatabase;
  let service: RunningService;
  const token = (role: 'operator' | 'regulator') => new AccessTokens(TEST_SECRETS.AUTH_TOKEN_SECRET).issue({ accountId: '00000000-0000-4000-8000-0000000000a1', role }).token;
  const call = (method: string, path: string, body: unknown, role: 'operator' | 'regulator' = 'operator') =>
    fetch(service.url + path, {
      method,
      headers: { authorization: `Bearer ${token(role)}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeAll(async () => {
    db = await startTestDatabase();
    service = await startTestService(policyEngineService, db.url);
  });
  afterAll(async () => {
    await service?.app.close();
    await db?.stop();
  });

  it('answers 503 problem+json where consent registry data is needed', async () => {
    const res = await call('POST', '/v1/decisions', {
      organisationId: '00000000-0000-4000-8000-000000000001',
      operation: 'verify',
      purpose: 'account-opening',
      fields: ['fullName'],
      citizenId: '001090012345',
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect((await json(res)).type).toBe('https://consentry.dev/problems/consent-registry-unavailable');
  });

  it('still lists licences and suspensions', async () => {
    expect((await call('GET', '/v1/licences', undefined)).status).toBe(200);
    expect((await call('GET', '/v1/suspensions?active=true', undefined, 'regulator')).status).toBe(200);
  });
});
