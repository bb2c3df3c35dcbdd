import { Logger } from '@nestjs/common';
import { AccountEntity } from '@consentry/identity-data-access';
import { ProblemException } from '@consentry/shared-http';
import { PasswordHashing, PasswordVerifier } from './password-verifier';
import { SignInService } from './sign-in.service';

const settings = { pseudonymKey: 'k'.repeat(32), maxFailures: 2, failureWindowMs: 60_000, hashConcurrency: 2 };

function setUp(account: Partial<AccountEntity> | null) {
  const hashing: jest.Mocked<PasswordHashing> = {
    hash: jest.fn(async (_password: string) => 'dummy-hash'),
    verify: jest.fn(async (_password: string, _stored: string) => false),
  };
  const attempts = { n: 0, count: jest.fn(async (_key: string, _windowMs: number) => ({ attempts: 0, secondsLeft: 0 })), clear: jest.fn(async (_key: string) => undefined), purgeEnded: jest.fn(async (_windowMs: number) => undefined) };
  attempts.count.mockImplementation(async () => ({ attempts: ++attempts.n, secondsLeft: 42 }));
  const accounts = { findActiveByLogin: jest.fn(async (_login: string) => account as AccountEntity | null) };
  const service = new SignInService(accounts, attempts, new PasswordVerifier(2, hashing), settings);
  return { service, hashing, attempts, accounts };
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: ProblemException) => ({ status: e.getStatus(), body: e.getResponse() }),
  );

describe('SignInService', () => {
  it('runs a password check for an unknown login, against the dummy hash', async () => {
    const { service, hashing, attempts } = setUp(null);
    expect(await failure(service.signIn('nobody', 'guess'))).toMatchObject({ status: 401 });
    expect(hashing.verify).toHaveBeenCalledTimes(1);
    expect(hashing.verify).toHaveBeenCalledWith('guess', 'dummy-hash');
    expect(attempts.purgeEnded).toHaveBeenCalledWith(settings.failureWindowMs);
  });

  it('answers an unknown login exactly as a wrong password', async () => {
    const unknown = setUp(null);
    const known = setUp({ id: 'a', role: 'regulator', passwordHash: 'stored' });
    const a = await failure(unknown.service.signIn('nobody', 'guess'));
    const b = await failure(known.service.signIn('reg', 'guess'));
    expect(a).toEqual(b);
    expect(known.hashing.verify).toHaveBeenCalledWith('guess', 'stored');
  });

  it('refuses past the limit without a password check, and clears the count on success', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const { service, hashing, attempts } = setUp({ id: 'a', role: 'regulator', passwordHash: 'stored' });
    await failure(service.signIn('staff-login', 'guess'));
    await failure(service.signIn('staff-login', 'guess'));
    hashing.verify.mockResolvedValue(true);
    expect(await failure(service.signIn('staff-login', 'right'))).toMatchObject({ status: 429, body: { retryAfterSeconds: 42 } });
    expect(hashing.verify).toHaveBeenCalledTimes(2);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(JSON.stringify(warn.mock.calls)).not.toContain('staff-login');
    warn.mockRestore();
    attempts.n = 0;
    expect(await service.signIn('staff-login', 'right')).toMatchObject({ id: 'a' });
    expect(attempts.clear).toHaveBeenCalledWith(attempts.count.mock.calls[0][0]);
  });

  it('counts a citizen by a keyed hash, never the ID number or its pseudonym', async () => {
    const { service, attempts, accounts } = setUp(null);
    await failure(service.signIn('079191123456', 'guess'));
    const key = attempts.count.mock.calls[0][0] as string;
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(key).not.toBe(accounts.findActiveByLogin.mock.calls[0][0]);
  });
});
