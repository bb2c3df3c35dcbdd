import { randomBytes } from 'node:crypto';
import { hashPassword, verifyPassword } from '@consentry/shared-auth';

/** The password hashing a verifier uses; a seam for tests. */
export interface PasswordHashing {
  hash(password: string): Promise<string>;
  verify(password: string, stored: string): Promise<boolean>;
}

const scrypt: PasswordHashing = { hash: hashPassword, verify: verifyPassword };

/**
 * Checks a sign-in's password. Without an account it checks against a dummy hash (same scrypt
 * parameters, made once on first need), so a missing or disabled account takes as long as a wrong
 * password and the answer time does not tell which logins exist. At most `concurrency` checks run
 * at once; the rest wait here, so sign-ins never take the whole libuv threadpool (4 threads by
 * default) that DNS, file and zlib work share.
 */
export class PasswordVerifier {
  private dummyHash?: Promise<string>;
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly hashing: PasswordHashing = scrypt,
  ) {}

  /** True only when `stored` is given and the password matches it. */
  async verify(password: string, stored: string | undefined): Promise<boolean> {
    const against = stored ?? (await this.dummy());
    const matches = await this.limited(() => this.hashing.verify(password, against));
    return stored !== undefined && matches;
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= this.limited(() => this.hashing.hash(randomBytes(32).toString('base64url'))).catch((error: unknown) => {
      this.dummyHash = undefined; // try again next time rather than fail every unknown login
      throw error;
    });
    return this.dummyHash;
  }

  private async limited<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
