import { Logger } from '@nestjs/common';
import { AccountEntity, AccountRepository, SignInAttemptRepository } from '@consentry/identity-data-access';
import { idNumberCurrentYear, validateIdNumber } from '@consentry/population-domain';
import { pseudonymFor } from '@consentry/shared-auth';
import { ProblemException, ValidationProblem } from '@consentry/shared-http';
import { DeviceTokens } from './device-tokens';
import { PasswordCheckBusy, PasswordVerifier } from './password-verifier';
import { SignInSettings } from './sign-in.settings';

/** The one answer to every failed check: wrong password, unknown login, disabled account. */
const badCredentials = () =>
  new ProblemException(401, 'bad-credentials', 'Sign-in failed', 'The username or password is not correct');

/** The same for every login, known or not, so a refusal does not tell which accounts exist either. */
const tooManyAttempts = (retryAfterSeconds: number) =>
  new ProblemException(429, 'sign-in-attempts-exceeded', 'Too many sign-in attempts', 'Too many failed sign-ins for this username; retry after the time given', {
    retryAfterSeconds,
  });

/** Every password-check place is taken and the queue is full; the attempt was not counted. */
const signInBusy = () =>
  new ProblemException(503, 'sign-in-busy', 'Sign-in busy', 'Too many sign-ins are being checked right now; nothing was counted, retry after the time given', {
    retryAfterSeconds: 1,
  });

export interface SignInCommand {
  username: string;
  password: string;
  /** From an earlier success on this device; anything not valid for this login counts as absent. */
  deviceToken?: string;
}

export interface SignedIn {
  account: AccountEntity;
  /** A new device token for this login, to send with the next sign-ins from this device. */
  deviceToken: string;
}

/**
 * Checks a username and password. Every attempt is counted before its password is checked, in
 * the bucket of the device its token names when that token is valid for the login, else in the
 * login's shared bucket (ADR 0012): so failures by anyone without the token cannot lock the person
 * out on their own device. Past the limit a bucket is refused without hashing until its window
 * ends; a success clears the bucket it was counted in. Logs never name the login (a citizen's is
 * their ID number) nor carry a device token.
 */
export class SignInService {
  private readonly logger = new Logger('SignIn');

  constructor(
    private readonly accounts: Pick<AccountRepository, 'findActiveByLogin'>,
    private readonly attempts: Pick<SignInAttemptRepository, 'count' | 'uncount' | 'clear' | 'purgeEnded'>,
    private readonly passwords: Pick<PasswordVerifier, 'verify' | 'busy'>,
    private readonly devices: Pick<DeviceTokens, 'issue' | 'deviceOf'>,
    private readonly settings: SignInSettings,
  ) {}

  async signIn({ username, password, deviceToken }: SignInCommand): Promise<SignedIn> {
    const login = this.loginFor(username);
    // Before counting: a refusal for load must not cost anyone an attempt.
    if (this.passwords.busy) throw signInBusy();
    // The same path for known and unknown logins: a token is checked against the login only.
    const device = this.devices.deviceOf(deviceToken, login);
    const bucket = device === undefined ? 'login' : 'device';
    // Distinct prefixes: no login can name a device's bucket.
    const key = pseudonymFor(this.settings.pseudonymKey, device === undefined ? `sign-in-attempts:${login}` : `sign-in-device-attempts:${device}`);
    const { maxFailures, failureWindowMs } = this.settings;
    const counted = await this.attempts.count(key, failureWindowMs);
    if (counted.attempts > maxFailures) {
      if (counted.attempts === maxFailures + 1) this.logger.warn({ msg: 'sign-in refused after repeated failures', bucket, maxFailures, failureWindowMs });
      throw tooManyAttempts(counted.secondsLeft);
    }
    const account = await this.accounts.findActiveByLogin(login);
    const matches = await this.passwords.verify(password, account?.passwordHash).catch(async (error: unknown) => {
      if (!(error instanceof PasswordCheckBusy)) throw error;
      // Became busy while this attempt was being counted: it checked nothing, so it costs nothing.
      await this.attempts.uncount(key);
      throw signInBusy();
    });
    if (!account || !matches) {
      await this.attempts.purgeEnded(failureWindowMs);
      throw badCredentials();
    }
    await this.attempts.clear(key);
    return { account, deviceToken: this.devices.issue(login) };
  }

  /**
   * Citizens sign in with their ID number, which is stored only as a keyed pseudonym. A number
   * that cannot exist (born after the current year included) is a 400 before anything is counted.
   */
  private loginFor(username: string): string {
    if (!/^\d+$/.test(username)) return username;
    const check = validateIdNumber(username, { currentYear: idNumberCurrentYear(new Date()) });
    if (!check.valid) {
      throw new ValidationProblem(check.errors.map((e) => ({ field: 'username', message: e.message })));
    }
    return pseudonymFor(this.settings.pseudonymKey, username);
  }
}
