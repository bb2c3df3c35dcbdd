import { Client } from 'pg';
import { consentRegistryService } from '@consentry/consent-feature';
import { encodeIdNumber } from '@consentry/population-domain';
import { hashPassword, pseudonymFor } from '@consentry/shared-auth';
import { RunningService } from '@consentry/shared-runtime';
import { TEST_SECRETS, TestDatabase, startTestDatabase, startTestService, json } from '@consentry/shared-testing';

describe('sign-in (POST /v1/auth/token, GET /v1/auth/me)', () => {
  let db: TestDatabase;
  let service: RunningService;
  const citizenId = encodeIdNumber({ provinceCode: '079', sex: 'female', birthYear: 1991, serial: 123456 });

  beforeAll(async () => {
    db = await startTestDatabase();
    service = await startTestService(consentRegistryService, db.url);
    const client = new Client({ connectionString: db.url });
    await client.connect();
    const psn = pseudonymFor(TEST_SECRETS.PSEUDONYM_KEY, citizenId);
    await client.query(
      `INSERT INTO identity.accounts (login, role, password_hash, citizen_pseudonym, eid_level) VALUES ($1, 'citizen', $2, $1, 2), ('reg', 'regulator', $3, NULL, NULL)`,
      [psn, await hashPassword('citizen-pass'), await hashPassword('regulator-pass')],
    );
    await client.end();
  });
  afterAll(async () => {
    await service?.app.close();
    await db?.stop();
  });

  const token = (body: unknown) =>
    fetch(service.url + '/v1/auth/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('signs a citizen in by ID number and tells who they are', async () => {
    const res = await token({ username: citizenId, password: 'citizen-pass' });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toMatchObject({ tokenType: 'Bearer', role: 'citizen' });
    expect(JSON.stringify(body)).not.toContain(citizenId);
    const me = await fetch(service.url + '/v1/auth/me', { headers: { authorization: `Bearer ${body.accessToken}` } });
    expect(me.status).toBe(200);
    expect(await json(me)).toMatchObject({ role: 'citizen', eidLevel: 2 });
  });

  it('signs a regulator in by username', async () => {
    const res = await token({ username: 'reg', password: 'regulator-pass' });
    expect(res.status).toBe(200);
    expect((await json(res)).role).toBe('regulator');
  });

  it('refuses a wrong password and an unknown user with the same 401 problem', async () => {
    const wrong = await token({ username: 'reg', password: 'nope' });
    const unknown = await token({ username: 'nobody', password: 'nope' });
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect((await json(res)).type).toBe('https://consentry.dev/problems/bad-credentials');
    }
  });

  it('rejects a malformed ID number with a 400 naming the field, without echoing it', async () => {
    const res = await token({ username: '003090012345', password: 'x' });
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.type).toBe('https://consentry.dev/problems/validation');
    expect(body.errors[0].field).toBe('username');
    expect(JSON.stringify(body)).not.toContain('003090012345');
  });

  it.each([
    ['a missing password', { username: 'reg' }, 'password'],
    ['an unknown field', { username: 'reg', password: 'x', admin: true }, 'admin'],
    ['a wrong type', { username: 42, password: 'x' }, 'username'],
  ])('rejects %s with a 400 naming the field', async (_, body, field) => {
    const res = await token(body);
    expect(res.status).toBe(400);
    expect((await json(res)).errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('rejects malformed JSON with a problem+json 400', async () => {
    const res = await fetch(service.url + '/v1/auth/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect((await json(res)).status).toBe(400);
  });

  it('refuses a forged or missing token', async () => {
    const ok = await json(await token({ username: 'reg', password: 'regulator-pass' }));
    const [h, p] = ok.accessToken.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ sub: 'x', role: 'operator', exp: 9999999999 })).toString('base64url')}.${ok.accessToken.split('.')[2]}`;
    for (const auth of [undefined, 'Bearer nonsense', `Bearer ${forged}`, `Bearer ${h}.${p}.`]) {
      const res = await fetch(service.url + '/v1/auth/me', { headers: auth ? { authorization: auth } : {} });
      expect(res.status).toBe(401);
    }
  });
});
