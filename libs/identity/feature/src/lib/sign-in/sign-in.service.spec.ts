import { Logger } from '@nestjs/common';
import { AccountEntity } from '@consentry/identity-data-access';
import { encodeIdNumber, idNumberCurrentYear } from '@consentry/population-domain';
import { pseudonymFor } from '@consentry/shared-auth';
import { ProblemException } from '@consentry/shared-http';
import { DeviceTokens } from './device-tokens';
import { PasswordCheckBusy, PasswordHashing, PasswordVerifier } from './password-verifier';
import { SignInService } from './sign-in.service';

const settings = { pseudonymKey: 'k'.repeat(32), maxFailures: 2, failureWindowMs: 60_000, hashConcurrency: 2, hashQueueMax: 4, deviceTokenTtlDays: 90 };
const loginKey = (login: string) => pseudonymFor(settings.pseudonymKey, `sign-in-attempts:${login}`);
const deviceKey = (deviceToken: string) => pseudonymFor(settings.pseudonymKey, `sign-in-device-attempts:${deviceToken.split('.')[2]}`);

/** Attempt counts per key, as the repository keeps them (without windows ending). */
function attemptStore() {
  const counts = new Map<string, number>();
  return {
    counts,
    count: jest.fn(async (key: string, _windowMs: number) => {
      counts.set(key, (counts.get(key) ?? 0) + 1);
      return { attempts: counts.get(key) ?? 0, secondsLeft: 42 };
    }),
    uncount: jest.fn(async (key: string) => void counts.set(key, (counts.get(key) ?? 1) - 1)),
    clear: jest.fn(async (key: string) => void counts.delete(key)),
    purgeEnded: jest.fn(async (_windowMs: number) => undefined),
  };
}

function setUp(account: Partial<AccountEntity> | null, rightPassword = 'right') {
  const hashing: jest.Mocked<PasswordHashing> = {
    hash: jest.fn(async (_password: string) => 'dummy-hash'),
    verify: jest.fn(async (password: string, stored: string) => stored === 'stored' && password === rightPassword),
  };
  const attempts = attemptStore();
  const accounts = { findActiveByLogin: jest.fn(async (_login: string) => account as AccountEntity | null) };
  const passwords = new PasswordVerifier({ concurrency: 2, queueMax: 4 }, hashing);
  const devices = new DeviceTokens(settings.pseudonymKey, settings.deviceTokenTtlDays);
  const service = new SignInService(accounts, attempts, passwords, devices, settings);
  return { service, hashing, attempts, accounts, passwords, devices };
}

const staff = { id: 'a', role: 'regulator', passwordHash: 'stored' } as const;

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: ProblemException) => ({ status: e.getStatus(), body: e.getResponse() }),
  );

describe('SignInService', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => warn.mockRestore());

  it('runs a password check for an unknown login, against the dummy hash', async () => {
    const { service, hashing, attempts } = setUp(null);
    expect(await failure(service.signIn({ username: 'nobody', password: 'guess' }))).toMatchObject({ status: 401 });
    expect(hashing.verify).toHaveBeenCalledTimes(1);
    expect(hashing.verify).toHaveBeenCalledWith('guess', 'dummy-hash');
    expect(attempts.purgeEnded).toHaveBeenCalledWith(settings.failureWindowMs);
  });

  it('answers an unknown login exactly as a wrong password', async () => {
    const unknown = setUp(null);
    const known = setUp(staff);
    const a = await failure(unknown.service.signIn({ username: 'nobody', password: 'guess' }));
    const b = await failure(known.service.signIn({ username: 'reg', password: 'guess' }));
    expect(a).toEqual(b);
    expect(known.hashing.verify).toHaveBeenCalledWith('guess', 'stored');
  });

  it('refuses past the limit without a password check, and clears the count on success', async () => {
    const { service, hashing, attempts } = setUp(staff);
    await failure(service.signIn({ username: 'staff-login', password: 'guess' }));
    await failure(service.signIn({ username: 'staff-login', password: 'guess' }));
    expect(await failure(service.signIn({ username: 'staff-login', password: 'right' }))).toMatchObject({ status: 429, body: { retryAfterSeconds: 42 } });
    expect(hashing.verify).toHaveBeenCalledTimes(2);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatchObject({ bucket: 'login' });
    expect(JSON.stringify(warn.mock.calls)).not.toContain('staff-login');
    attempts.counts.clear();
    expect((await service.signIn({ username: 'staff-login', password: 'right' })).account).toMatchObject({ id: 'a' });
    expect(attempts.clear).toHaveBeenCalledWith(loginKey('staff-login'));
  });

  it('counts a citizen by a keyed hash, never the ID number or its pseudonym', async () => {
    const { service, attempts, accounts } = setUp(null);
    await failure(service.signIn({ username: '079191123456', password: 'guess' }));
    const key = attempts.count.mock.calls[0][0];
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(key).not.toBe(accounts.findActiveByLogin.mock.calls[0][0]);
  });

  it('refuses an ID number born after the current year as malformed, before counting or looking anything up', async () => {
    const { service, attempts, accounts, hashing } = setUp(null);
    const thisYear = idNumberCurrentYear(new Date());
    const future = encodeIdNumber({ provinceCode: '079', sex: 'female', birthYear: thisYear + 1, serial: 1 });
    const answer = await failure(service.signIn({ username: future, password: 'guess' }));
    expect(answer).toMatchObject({ status: 400, body: { errors: [{ field: 'username', message: expect.stringContaining('after the current year') }] } });
    expect(JSON.stringify(answer)).not.toContain(future);
    expect(attempts.count).not.toHaveBeenCalled();
    expect(accounts.findActiveByLogin).not.toHaveBeenCalled();
    expect(hashing.verify).not.toHaveBeenCalled();
    const born = encodeIdNumber({ provinceCode: '079', sex: 'female', birthYear: thisYear, serial: 1 });
    expect(await failure(service.signIn({ username: born, password: 'guess' }))).toMatchObject({ status: 401 });
    expect(accounts.findActiveByLogin).toHaveBeenCalledWith(pseudonymFor(settings.pseudonymKey, born));
  });

  describe('device tokens', () => {
    it('gives a new device token, valid for that login, with every success', async () => {
      const { service, devices } = setUp(staff);
      const first = await service.signIn({ username: 'reg', password: 'right' });
      const second = await service.signIn({ username: 'reg', password: 'right', deviceToken: first.deviceToken });
      expect(devices.deviceOf(first.deviceToken, 'reg')).toBeDefined();
      expect(devices.deviceOf(second.deviceToken, 'reg')).toBeDefined();
      expect(second.deviceToken).not.toBe(first.deviceToken);
      expect(devices.deviceOf(first.deviceToken, 'other')).toBeUndefined();
    });

    it("counts an attempt with a token valid for the login in that device's bucket", async () => {
      const { service, attempts } = setUp(staff);
      const { deviceToken } = await service.signIn({ username: 'reg', password: 'right' });
      attempts.count.mockClear();
      await failure(service.signIn({ username: 'reg', password: 'guess', deviceToken }));
      expect(attempts.count).toHaveBeenCalledTimes(1);
      expect(attempts.count).toHaveBeenCalledWith(deviceKey(deviceToken), settings.failureWindowMs);
      expect(deviceKey(deviceToken)).not.toBe(loginKey('reg'));
    });

    it("counts any other attempt in the login's shared bucket: no token, another login's, a changed one, garbage", async () => {
      const { service, attempts } = setUp(staff);
      const { deviceToken } = await service.signIn({ username: 'reg', password: 'right' });
      const others = await service.signIn({ username: 'other-reg', password: 'right' });
      const changed = deviceToken.slice(0, -2) + (deviceToken[deviceToken.length - 2] === 'A' ? 'B' : 'A') + deviceToken.slice(-1);
      attempts.count.mockClear();
      for (const token of [undefined, others.deviceToken, changed, 'garbage', '']) await failure(service.signIn({ username: 'reg', password: 'guess', deviceToken: token }));
      expect(attempts.count.mock.calls.map(([key]) => key)).toEqual(Array(5).fill(loginKey('reg')));
    });

    it('does not honour an expired token', async () => {
      let now = 1_764_000_000;
      const { attempts, accounts, passwords } = setUp(staff);
      const devices = new DeviceTokens(settings.pseudonymKey, 1, { nowSeconds: () => now, nonce: () => Buffer.alloc(16, 1) });
      const service = new SignInService(accounts, attempts, passwords, devices, settings);
      const { deviceToken } = await service.signIn({ username: 'reg', password: 'right' });
      now += 86_400;
      attempts.count.mockClear();
      await failure(service.signIn({ username: 'reg', password: 'guess', deviceToken }));
      expect(attempts.count).toHaveBeenCalledWith(loginKey('reg'), settings.failureWindowMs);
    });

    it('lets the person in on their device while the shared bucket is locked; without the token they are refused', async () => {
      const { service, attempts } = setUp({ id: 'c', role: 'citizen', passwordHash: 'stored' });
      const { deviceToken } = await service.signIn({ username: '079191123456', password: 'right' });
      for (let i = 0; i < settings.maxFailures; i++) await failure(service.signIn({ username: '079191123456', password: `attacker-${i}` }));
      expect(await failure(service.signIn({ username: '079191123456', password: 'right' }))).toMatchObject({ status: 429 });
      const signedIn = await service.signIn({ username: '079191123456', password: 'right', deviceToken });
      expect(signedIn.account).toMatchObject({ id: 'c' });
      // The success cleared only the device's bucket: the shared one stays locked.
      expect(attempts.clear).toHaveBeenLastCalledWith(deviceKey(deviceToken));
      expect(attempts.counts.get(loginKey(pseudonymFor(settings.pseudonymKey, '079191123456')))).toBe(settings.maxFailures + 1);
      expect(await failure(service.signIn({ username: '079191123456', password: 'right' }))).toMatchObject({ status: 429 });
    });

    it('refuses a device past the limit like a login, even with the right password, and leaves the shared bucket alone', async () => {
      const { service, hashing, attempts } = setUp(staff);
      const { deviceToken } = await service.signIn({ username: 'reg', password: 'right' });
      for (let i = 0; i < settings.maxFailures; i++) await failure(service.signIn({ username: 'reg', password: 'guess', deviceToken }));
      hashing.verify.mockClear();
      expect(await failure(service.signIn({ username: 'reg', password: 'right', deviceToken }))).toMatchObject({ status: 429, body: { retryAfterSeconds: 42 } });
      expect(hashing.verify).not.toHaveBeenCalled();
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0][0]).toMatchObject({ bucket: 'device' });
      expect(JSON.stringify(warn.mock.calls)).not.toContain(deviceToken.split('.')[2]);
      expect(attempts.counts.has(loginKey('reg'))).toBe(false);
      expect((await service.signIn({ username: 'reg', password: 'right' })).account).toMatchObject({ id: 'a' });
    });

    it('checks a token for an unknown login the same way, and answers the same 401', async () => {
      const { service, attempts, devices } = setUp(null);
      const known = setUp(staff);
      const deviceToken = devices.issue('ghost');
      const unknown = await failure(service.signIn({ username: 'ghost', password: 'guess', deviceToken }));
      expect(attempts.count).toHaveBeenCalledWith(deviceKey(deviceToken), settings.failureWindowMs);
      expect(unknown).toEqual(await failure(known.service.signIn({ username: 'reg', password: 'guess', deviceToken: known.devices.issue('reg') })));
    });
  });

  describe('when password checks are busy', () => {
    it('answers 503 with Retry-After 1 before counting, looking up or checking anything', async () => {
      const { service, hashing, attempts, accounts, passwords } = setUp(staff);
      jest.spyOn(passwords, 'busy', 'get').mockReturnValue(true);
      const answer = await failure(service.signIn({ username: 'reg', password: 'right' }));
      expect(answer).toMatchObject({ status: 503, body: { type: 'https://consentry.dev/problems/sign-in-busy', retryAfterSeconds: 1 } });
      expect(attempts.count).not.toHaveBeenCalled();
      expect(accounts.findActiveByLogin).not.toHaveBeenCalled();
      expect(hashing.verify).not.toHaveBeenCalled();
    });

    it('takes the count back when the queue filled while the attempt was being counted', async () => {
      const { service, attempts, passwords } = setUp(staff);
      await failure(service.signIn({ username: 'reg', password: 'guess' }));
      jest.spyOn(passwords, 'verify').mockRejectedValueOnce(new PasswordCheckBusy());
      expect(await failure(service.signIn({ username: 'reg', password: 'right' }))).toMatchObject({ status: 503, body: { retryAfterSeconds: 1 } });
      expect(attempts.uncount).toHaveBeenCalledWith(loginKey('reg'));
      expect(attempts.counts.get(loginKey('reg'))).toBe(1);
    });

    it('refuses for real once the verifier is full: in flight plus queue, never more', async () => {
      const release: (() => void)[] = [];
      const { attempts } = setUp(staff);
      const passwords = new PasswordVerifier({ concurrency: 1, queueMax: 1 }, {
        hash: async () => 'dummy',
        verify: () => new Promise<boolean>((resolve) => release.push(() => resolve(false))),
      });
      const busy = new SignInService({ findActiveByLogin: async () => staff as unknown as AccountEntity }, attempts, passwords, new DeviceTokens(settings.pseudonymKey, 90), { ...settings, maxFailures: 100 });
      const answers = Array.from({ length: 4 }, (_, i) => failure(busy.signIn({ username: `user-${i}`, password: 'guess' })));
      await new Promise((resolve) => setImmediate(resolve));
      while (release.length) {
        release.shift()?.();
        await new Promise((resolve) => setImmediate(resolve));
      }
      const statuses = (await Promise.all(answers)).map((a) => a?.status).sort();
      expect(statuses).toEqual([401, 401, 503, 503]);
      expect([...attempts.counts.values()].reduce((a, b) => a + b, 0)).toBe(2);
    });
  });
});
