import { Logger } from '@nestjs/common';
import { AccountEntity, AccountRepository, SignInAttemptRepository } from '@consentry/identity-data-access';
import { validateIdNumber } from '@consentry/population-domain';
import { pseudonymFor } from '@consentry/shared-auth';
import { ProblemException, ValidationProblem } from '@consentry/shared-http';
import { PasswordVerifier } from './password-verifier';
import { SignInSettings } from './sign-in.settings';

/** The one answer to every failed check: wrong password, unknown login, disabled account. */
const badCredentials = () =>
  new ProblemException(401, 'bad-credentials', 'Sign-in failed', 'The username or password is not correct');

/** The same for every login, known or not, so a refusal does not tell which accounts exist either. */
const tooManyAttempts = (retryAfterSeconds: number) =>
  new ProblemException(429, 'sign-in-attempts-exceeded', 'Too many sign-in attempts', 'Too many failed sign-ins for this username; retry after the time given', {
    retryAfterSeconds,
  });

/**
 * Checks a username and password. Every attempt is counted per login before its password is
 * checked; past the limit it is refused without hashing until the window ends, and a success
 * clears the count. Logs never name the login: a citizen's is their ID number.
 */
export class SignInService {
  private readonly logger = new Logger('SignIn');

  constructor(
    private readonly accounts: Pick<AccountRepository, 'findActiveByLogin'>,
    private readonly attempts: Pick<SignInAttemptRepository, 'count' | 'clear' | 'purgeEnded'>,
    private readonly passwords: Pick<PasswordVerifier, 'verify'>,
    private readonly settings: SignInSettings,
  ) {}

  async signIn(username: string, password: string): Promise<AccountEntity> {
    const login = this.loginFor(username);
    const key = pseudonymFor(this.settings.pseudonymKey, `sign-in-attempts:${login}`);
    const { maxFailures, failureWindowMs } = this.settings;
    const counted = await this.attempts.count(key, failureWindowMs);
    if (counted.attempts > maxFailures) {
      if (counted.attempts === maxFailures + 1) this.logger.warn({ msg: 'sign-in refused after repeated failures', maxFailures, failureWindowMs });
      throw tooManyAttempts(counted.secondsLeft);
    }
    const account = await this.accounts.findActiveByLogin(login);
    const matches = await this.passwords.verify(password, account?.passwordHash);
    if (!account || !matches) {
      await this.attempts.purgeEnded(failureWindowMs);
      throw badCredentials();
    }
    await this.attempts.clear(key);
    return account;
  }

  /** Citizens sign in with their ID number, which is stored only as a keyed pseudonym. */
  private loginFor(username: string): string {
    if (!/^\d+$/.test(username)) return username;
    const check = validateIdNumber(username);
    if (!check.valid) {
      throw new ValidationProblem(check.errors.map((e) => ({ field: 'username', message: e.message })));
    }
    return pseudonymFor(this.settings.pseudonymKey, username);
  }
}
