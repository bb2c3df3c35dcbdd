import { Client } from 'pg';
import { queryGatewayService } from '@consentry/gateway-feature';
import { encodeIdNumber, idNumberCurrentYear } from '@consentry/population-domain';
import { generateApiKey } from '@consentry/shared-auth';
import { RunningService } from '@consentry/shared-runtime';
import { TestDatabase, startTestDatabase, startTestService, json } from '@consentry/shared-testing';

describe('organisation API keys (GET /v1/organisations/me, POST /v1/id-numbers/validate)', () => {
  let db: TestDatabase;
  let service: RunningService;
  const live = generateApiKey();
  const revoked = generateApiKey();
  const verifyOnly = generateApiKey();

  beforeAll(async () => {
    db = await startTestDatabase();
    service = await startTestService(queryGatewayService, db.url);
    const client = new Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client.query(`INSERT INTO identity.organisations (name, kind) VALUES ('Bank A', 'enterprise') RETURNING id`);
    const insert = `INSERT INTO identity.api_keys (organisation_id, prefix, key_hash, scopes, label, revoked_at) VALUES ($1, $2, $3, $4, 't', $5)`;
    await client.query(insert, [rows[0].id, live.prefix, live.hash, ['verify', 'lookup'], null]);
    await client.query(insert, [rows[0].id, revoked.prefix, revoked.hash, ['verify'], new Date()]);
    await client.query(insert, [rows[0].id, verifyOnly.prefix, verifyOnly.hash, ['verify'], null]);
    const stored = await client.query(`SELECT key_hash FROM identity.api_keys`);
    expect(stored.rows.map((r) => r.key_hash)).not.toContain(live.key);
    await client.end();
  });
  afterAll(async () => {
    await service?.app.close();
    await db?.stop();
  });

  const call = (path: string, key?: string, body?: unknown) =>
    fetch(service.url + path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('identifies the organisation behind a live key', async () => {
    const res = await call('/v1/organisations/me', live.key);
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ name: 'Bank A', kind: 'enterprise', keyPrefix: live.prefix, scopes: ['verify', 'lookup'] });
  });

  it.each([
    ['no key', undefined],
    ['a revoked key', revoked.key],
    ['an unknown key of the right shape', generateApiKey().key],
    ['garbage', 'csk_zz'],
  ])('refuses %s with a 401 problem', async (_, key) => {
    const res = await call('/v1/organisations/me', key);
    expect(res.status).toBe(401);
    expect((await json(res)).type).toBe('https://consentry.dev/problems/invalid-api-key');
  });

  it('answers concurrent requests each by its own key, when their lookups share a statement', async () => {
    const keys = [live.key, revoked.key, verifyOnly.key, generateApiKey().key];
    const replies = await Promise.all(Array.from({ length: 40 }, (_, i) => call('/v1/organisations/me', keys[i % 4])));
    const seen = await Promise.all(replies.map(async (r) => [r.status, r.status === 200 ? (await json(r)).keyPrefix : null]));
    expect(seen).toEqual(Array.from({ length: 40 }, (_, i) => [[200, live.prefix], [401, null], [200, verifyOnly.prefix], [401, null]][i % 4]));
  });

  it('validates an ID number and reports its parts', async () => {
    const res = await call('/v1/id-numbers/validate', verifyOnly.key, { idNumber: '001090012345' });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ valid: true, provinceCode: '001', provinceName: expect.any(String), sex: 'male', birthYear: 1990 });
  });

  const thisYear = idNumberCurrentYear(new Date());

  it('validates an ID number born this year', async () => {
    const res = await call('/v1/id-numbers/validate', live.key, { idNumber: encodeIdNumber({ provinceCode: '048', sex: 'female', birthYear: thisYear, serial: 7 }) });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ valid: true, provinceCode: '048', sex: 'female', birthYear: thisYear });
  });

  it.each([
    ['too short', '00109001234'],
    ['not digits', '00109001234x'],
    ['unknown province', '003090012345'],
    ['born after the current year', encodeIdNumber({ provinceCode: '048', sex: 'female', birthYear: idNumberCurrentYear(new Date()) + 1, serial: 7 })],
  ])('rejects an ID number that is %s with a 400 naming idNumber', async (_, idNumber) => {
    const res = await call('/v1/id-numbers/validate', live.key, { idNumber });
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.errors.every((e: { field: string }) => e.field === 'idNumber')).toBe(true);
    expect(JSON.stringify(body)).not.toContain(idNumber);
  });

  it('publishes the field catalogue with basic and sensitive fields', async () => {
    const { fields } = await json(await call('/v1/fields'));
    expect(fields.find((f: { code: string }) => f.code === 'religion').category).toBe('sensitive');
    expect(fields.find((f: { code: string }) => f.code === 'fullName').category).toBe('basic');
  });
});
