import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { consentRegistryService } from '@consentry/consent-feature';
import { PasswordVerifier } from '@consentry/identity-feature';
import { encodeIdNumber, idNumberCurrentYear } from '@consentry/population-domain';
import { hashPassword, pseudonymFor } from '@consentry/shared-auth';
import { createLogger } from '@consentry/shared-observability';
import { RunningService, loadServiceEnv, startService } from '@consentry/shared-runtime';
import { TEST_SECRETS, TestDatabase, startTestDatabase, json } from '@consentry/shared-testing';

/** This spec's services log at debug level into `logs`, so it can check that no login is written. */
const logs: string[] = [];
const startRegistry = (url: string, env: Record<string, string> = {}) =>
  startService(
    consentRegistryService,
    loadServiceEnv(consentRegistryService, {
      ...TEST_SECRETS,
      DATABASE_URL: url,
      REDIS_URL: process.env['REDIS_URL'],
      QUEUE_PREFIX: `t${randomBytes(4).toString('hex')}`,
      DATABASE_POOL_SIZE: '4',
      CONSENT_REGISTRY_PORT: '0',
      ...env,
    }),
    createLogger('consent-registry', 'debug', { write: (line: string) => void logs.push(line) }),
  );

/** A problem body without its requestId, which differs on every answer. */
const problem = async (res: Response) => {
  const { requestId, ...rest } = await json(res);
  expect(requestId).toBeDefined();
  return { status: res.status, contentType: res.headers.get('content-type'), retryAfter: res.headers.get('retry-after'), body: rest };
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every device token handed out here, so the last test can check none was logged. */
const deviceTokens: string[] = [];
const DEVICE_TOKEN = /^v1\.\d+\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/;

describe('sign-in (POST /v1/auth/token, GET /v1/auth/me)', () => {
  let db: TestDatabase;
  let service: RunningService;
  const citizenId = encodeIdNumber({ provinceCode: '079', sex: 'female', birthYear: 1991, serial: 123456 });
  const unknownCitizenId = encodeIdNumber({ provinceCode: '079', sex: 'male', birthYear: 1985, serial: 654321 });
  // A citizen whose ID number others try to lock (ADR 0012).
  const targetedCitizenId = encodeIdNumber({ provinceCode: '001', sex: 'male', birthYear: 1970, serial: 246802 });
  const thisYear = idNumberCurrentYear(new Date());
  const bornThisYear = encodeIdNumber({ provinceCode: '079', sex: 'male', birthYear: thisYear, serial: 135791 });
  const bornNextYear = encodeIdNumber({ provinceCode: '079', sex: 'male', birthYear: thisYear + 1, serial: 135791 });
  const staff = ['reg', 'locked-reg', 'twin-reg', 'reset-reg', 'burst-reg', 'disabled-reg', 'device-reg'];
  // Short window and limit, so a locked login opens again within the test.
  const MAX_FAILURES = 3;

  beforeAll(async () => {
    db = await startTestDatabase();
    service = await startRegistry(db.url, { SIGN_IN_MAX_FAILURES: String(MAX_FAILURES), SIGN_IN_FAILURE_WINDOW_MS: '3000' });
    const client = new Client({ connectionString: db.url });
    await client.connect();
    for (const id of [citizenId, targetedCitizenId]) {
      await client.query(`INSERT INTO identity.accounts (login, role, password_hash, citizen_pseudonym, eid_level) VALUES ($1, 'citizen', $2, $1, 2)`, [
        pseudonymFor(TEST_SECRETS.PSEUDONYM_KEY, id),
        await hashPassword('citizen-pass'),
      ]);
    }
    for (const login of staff) {
      await client.query(`INSERT INTO identity.accounts (login, role, password_hash) VALUES ($1, 'regulator', $2)`, [login, await hashPassword('regulator-pass')]);
    }
    await client.query(`UPDATE identity.accounts SET disabled_at = now() WHERE login = 'disabled-reg'`);
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
    expect(body).toMatchObject({ tokenType: 'Bearer', role: 'citizen', deviceToken: expect.stringMatching(DEVICE_TOKEN) });
    deviceTokens.push(body.deviceToken);
    expect(JSON.stringify(body)).not.toContain(citizenId);
    expect(JSON.stringify(body)).not.toContain(pseudonymFor(TEST_SECRETS.PSEUDONYM_KEY, citizenId));
    const me = await fetch(service.url + '/v1/auth/me', { headers: { authorization: `Bearer ${body.accessToken}` } });
    expect(me.status).toBe(200);
    expect(await json(me)).toMatchObject({ role: 'citizen', eidLevel: 2 });
  });

  it('signs a regulator in by username', async () => {
    const res = await token({ username: 'reg', password: 'regulator-pass' });
    expect(res.status).toBe(200);
    expect((await json(res)).role).toBe('regulator');
  });

  it('answers a wrong password, an unknown user and a disabled account with the same 401 problem', async () => {
    const answers = [
      await problem(await token({ username: 'reg', password: 'nope' })),
      await problem(await token({ username: 'nobody', password: 'nope' })),
      await problem(await token({ username: 'disabled-reg', password: 'regulator-pass' })),
      await problem(await token({ username: citizenId, password: 'nope' })),
      await problem(await token({ username: unknownCitizenId, password: 'nope' })),
    ];
    expect(answers[0]).toEqual({
      status: 401,
      contentType: expect.stringContaining('application/problem+json'),
      retryAfter: null,
      body: expect.objectContaining({ type: 'https://consentry.dev/problems/bad-credentials', status: 401 }),
    });
    for (const answer of answers) expect(answer).toEqual(answers[0]);
  });

  it(`refuses a login after ${MAX_FAILURES} failures with 429 and Retry-After, even with the right password, until the window ends`, async () => {
    const verify = jest.spyOn(service.app.get(PasswordVerifier), 'verify');
    try {
      for (let i = 0; i < MAX_FAILURES; i++) expect((await token({ username: 'locked-reg', password: `wrong-${i}` })).status).toBe(401);
      const refused = await problem(await token({ username: 'locked-reg', password: 'regulator-pass' }));
      expect(refused).toMatchObject({ status: 429, contentType: expect.stringContaining('application/problem+json') });
      expect(refused.body).toMatchObject({ type: 'https://consentry.dev/problems/sign-in-attempts-exceeded', status: 429 });
      const seconds = Number(refused.retryAfter);
      expect(seconds).toBeGreaterThanOrEqual(1);
      expect(seconds).toBeLessThanOrEqual(3);
      expect(verify).toHaveBeenCalledTimes(MAX_FAILURES); // the refused attempt checked no password

      await sleep(seconds * 1000 + 100);
      const res = await token({ username: 'locked-reg', password: 'regulator-pass' });
      expect(res.status).toBe(200);
      expect((await json(res)).role).toBe('regulator');
    } finally {
      verify.mockRestore();
    }
  });

  it('locks an unknown login as it locks a known one, with the same 429 problem', async () => {
    for (let i = 0; i < MAX_FAILURES; i++) {
      expect((await token({ username: 'ghost', password: 'nope' })).status).toBe(401);
      expect((await token({ username: 'twin-reg', password: 'nope' })).status).toBe(401);
    }
    const ghost = await problem(await token({ username: 'ghost', password: 'nope' }));
    const reg = await problem(await token({ username: 'twin-reg', password: 'nope' }));
    expect(ghost.status).toBe(429);
    expect({ ...ghost, retryAfter: undefined }).toEqual({ ...reg, retryAfter: undefined });
  });

  it('forgets the failures after a successful sign-in', async () => {
    const wrong = async (n: number) => {
      const statuses = [];
      for (let i = 0; i < n; i++) statuses.push((await token({ username: 'reset-reg', password: 'nope' })).status);
      return statuses;
    };
    expect(await wrong(MAX_FAILURES - 1)).toEqual(Array(MAX_FAILURES - 1).fill(401));
    expect((await token({ username: 'reset-reg', password: 'regulator-pass' })).status).toBe(200);
    expect(await wrong(MAX_FAILURES + 1)).toEqual([...Array(MAX_FAILURES).fill(401), 429]);
  });

  describe('with the default limit (5 failures in 15 minutes)', () => {
    let defaults: RunningService;
    beforeAll(async () => {
      defaults = await startRegistry(db.url);
    });
    afterAll(async () => {
      await defaults?.app.close();
    });

    it('lets at most 5 of 20 parallel wrong attempts check a password; the others get 429', async () => {
      const verify = jest.spyOn(defaults.app.get(PasswordVerifier), 'verify');
      try {
        const answers = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            fetch(defaults.url + '/v1/auth/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'burst-reg', password: `guess-${i}` }) }),
          ),
        );
        const statuses = answers.map((r) => r.status).sort();
        expect(statuses).toEqual([...Array(5).fill(401), ...Array(15).fill(429)]);
        expect(verify).toHaveBeenCalledTimes(5);
        for (const r of answers.filter((r) => r.status === 429)) expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(800);
      } finally {
        verify.mockRestore();
      }
    });

    it('lets a citizen sign in on their own device after others failed 5 times with their ID number; without the device token, or with a forged one, 429', async () => {
      const call = (body: Record<string, unknown>) =>
        fetch(defaults.url + '/v1/auth/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: targetedCitizenId, ...body }) });
      const earlier = await call({ password: 'citizen-pass' });
      expect(earlier.status).toBe(200);
      const { deviceToken } = await json(earlier);
      expect(deviceToken).toMatch(DEVICE_TOKEN);
      deviceTokens.push(deviceToken);

      // Someone else, without the device token, fails until the ID number's shared count is locked.
      const statuses = [];
      for (let i = 0; i < 6; i++) statuses.push((await call({ password: `attacker-${i}` })).status);
      expect(statuses).toEqual([...Array(5).fill(401), 429]);
      const absent = await problem(await call({ password: 'citizen-pass' }));
      expect(absent).toMatchObject({ status: 429, body: { type: 'https://consentry.dev/problems/sign-in-attempts-exceeded' } });

      // Forged, changed, or another login's tokens are ignored: the same 429 as without one.
      const staffToken = (await json(await fetch(defaults.url + '/v1/auth/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'device-reg', password: 'regulator-pass' }) }))).deviceToken;
      deviceTokens.push(staffToken);
      const [version, issuedAt, nonce, mac] = deviceToken.split('.');
      const otherChar = (c: string) => (c === 'A' ? 'B' : 'A');
      const forged = [
        `${version}.${issuedAt}.${nonce}.${mac.slice(0, -2)}${otherChar(mac[mac.length - 2])}${mac.slice(-1)}`,
        `${version}.${Number(issuedAt) + 86_400}.${nonce}.${mac}`,
        `${version}.${issuedAt}.${otherChar(nonce[0])}${nonce.slice(1)}.${mac}`,
        `v2.${issuedAt}.${nonce}.${mac}`,
        staffToken,
        'garbage',
      ];
      // The seconds left may tick between answers; all else is the same.
      const withoutTime = (p: Awaited<ReturnType<typeof problem>>) => ({ ...p, retryAfter: undefined, body: { ...p.body, retryAfterSeconds: undefined } });
      for (const t of forged) expect(withoutTime(await problem(await call({ password: 'citizen-pass', deviceToken: t })))).toEqual(withoutTime(absent));

      // The citizen's own device: a typo counts against the device only, then the right password signs in.
      expect((await call({ password: 'typo', deviceToken })).status).toBe(401);
      const own = await call({ password: 'citizen-pass', deviceToken });
      expect(own.status).toBe(200);
      const signedIn = await json(own);
      expect(signedIn).toMatchObject({ role: 'citizen', deviceToken: expect.stringMatching(DEVICE_TOKEN) });
      expect(signedIn.deviceToken).not.toBe(deviceToken);
      deviceTokens.push(signedIn.deviceToken);
      const me = await fetch(defaults.url + '/v1/auth/me', { headers: { authorization: `Bearer ${signedIn.accessToken}` } });
      expect(await json(me)).toMatchObject({ role: 'citizen', eidLevel: 2 });

      // Its success cleared the device's count only: without the token the ID number is still refused.
      expect((await call({ password: 'citizen-pass' })).status).toBe(429);
      expect((await call({ password: 'citizen-pass', deviceToken: signedIn.deviceToken })).status).toBe(200);
    });
  });

  describe('when every password check is taken (1 at once, none may wait)', () => {
    let busy: RunningService;
    beforeAll(async () => {
      busy = await startRegistry(db.url, { SIGN_IN_HASH_CONCURRENCY: '1', SIGN_IN_HASH_QUEUE_MAX: '0' });
    });
    afterAll(async () => {
      await busy?.app.close();
    });

    it('answers 503 sign-in-busy with Retry-After: 1, and counts no attempt for it', async () => {
      const logins = Array.from({ length: 20 }, (_, i) => `busy-login-${i}`);
      const answers = await Promise.all(
        logins.map((username) =>
          fetch(busy.url + '/v1/auth/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'nope' }) }),
        ),
      );
      const statuses = answers.map((r) => r.status);
      expect(statuses.filter((s) => s !== 401 && s !== 503)).toEqual([]);
      expect(statuses).toContain(503);
      const refused = await Promise.all(answers.filter((r) => r.status === 503).map(problem));
      for (const answer of refused) {
        expect(answer).toEqual({
          status: 503,
          contentType: expect.stringContaining('application/problem+json'),
          retryAfter: '1',
          body: expect.objectContaining({ type: 'https://consentry.dev/problems/sign-in-busy', status: 503 }),
        });
      }
      const client = new Client({ connectionString: db.url });
      await client.connect();
      try {
        const keys = logins.map((l) => pseudonymFor(TEST_SECRETS.PSEUDONYM_KEY, `sign-in-attempts:${l}`));
        const { rows } = await client.query(`SELECT coalesce(sum(attempts), 0)::int AS n FROM identity.sign_in_attempts WHERE login_key = ANY($1)`, [keys]);
        expect(rows[0].n).toBe(statuses.filter((s) => s === 401).length);
      } finally {
        await client.end();
      }
    });
  });

  it('rejects a malformed ID number with a 400 naming the field, without echoing it', async () => {
    const res = await token({ username: '003090012345', password: 'x' });
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.type).toBe('https://consentry.dev/problems/validation');
    expect(body.errors[0].field).toBe('username');
    expect(JSON.stringify(body)).not.toContain('003090012345');
  });

  it('rejects an ID number born after the current year like any malformed one; one born this year is just an unknown login', async () => {
    const future = await token({ username: bornNextYear, password: 'x' });
    expect(future.status).toBe(400);
    const body = await json(future);
    expect(body.errors).toEqual([{ field: 'username', message: expect.stringContaining('after the current year') }]);
    expect(JSON.stringify(body)).not.toContain(bornNextYear);
    expect((await problem(await token({ username: bornThisYear, password: 'x' }))).body.type).toBe('https://consentry.dev/problems/bad-credentials');
  });

  it.each([
    ['a missing password', { username: 'reg' }, 'password'],
    ['an unknown field', { username: 'reg', password: 'x', admin: true }, 'admin'],
    ['a wrong type', { username: 42, password: 'x' }, 'username'],
    ['an over-long device token', { username: 'reg', password: 'x', deviceToken: 'v1.'.repeat(100) }, 'deviceToken'],
    ['a device token that is not a string', { username: 'reg', password: 'x', deviceToken: 7 }, 'deviceToken'],
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

  it('never logs a login or a device token', () => {
    const written = logs.join('\n');
    expect(written).toContain('sign-in refused after repeated failures');
    expect(deviceTokens.length).toBeGreaterThanOrEqual(4);
    for (const t of deviceTokens) {
      expect(written).not.toContain(t);
      expect(written).not.toContain(t.split('.')[2]);
      expect(written).not.toContain(t.split('.')[3]);
    }
    // 'reg' alone is part of every line's service name; the other logins are distinctive.
    const citizens = [citizenId, unknownCitizenId, targetedCitizenId, bornThisYear, bornNextYear].flatMap((id) => [id, pseudonymFor(TEST_SECRETS.PSEUDONYM_KEY, id)]);
    for (const login of [...citizens, ...staff.filter((l) => l !== 'reg'), 'ghost', 'nobody', 'busy-login-']) {
      expect(written).not.toContain(login);
    }
  });
});
