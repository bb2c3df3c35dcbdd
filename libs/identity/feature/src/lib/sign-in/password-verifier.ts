import { randomBytes } from 'node:crypto';
import { hashPassword, verifyPassword } from '@consentry/shared-auth';

/** The password hashing a verifier uses; a seam for tests. */
export interface PasswordHashing {
  hash(password: string): Promise<string>;
  verify(password: string, stored: string): Promise<boolean>;
}

const scrypt: PasswordHashing = { hash: hashPassword, verify: verifyPassword };

export interface PasswordCheckLimits {
  /** Checks run at once (SIGN_IN_HASH_CONCURRENCY). */
  concurrency: number;
  /** Checks that may wait for one of those places (SIGN_IN_HASH_QUEUE_MAX); past it, refused. */
  queueMax: number;
}

/** Thrown by `verify` when every place runs and the queue is full: nothing was checked. */
export class PasswordCheckBusy extends Error {
  constructor() {
    super('password checks busy');
    this.name = 'PasswordCheckBusy';
  }
}

/**
 * Checks a sign-in's password. Without an account it checks against a dummy hash (same scrypt
 * parameters, made once on first need), so a missing or disabled account takes as long as a wrong
 * password and the answer time does not tell which logins exist. At most `concurrency` checks run
 * at once, so sign-ins never take the whole libuv threadpool (4 threads by default) that DNS, file
 * and zlib work share; at most `queueMax` more wait, so a flood of sign-ins is refused at once
 * rather than piling up memory and answers that come too late to matter.
 */
export class PasswordVerifier {
  private dummyHash?: Promise<string>;
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly limits: PasswordCheckLimits,
    private readonly hashing: PasswordHashing = scrypt,
  ) {}

  /** True when a check asked for now would be refused: callers answer "busy" before doing anything. */
  get busy(): boolean {
    return this.running >= this.limits.concurrency && this.waiting.length >= this.limits.queueMax;
  }

  /** True only when `stored` is given and the password matches it. Throws PasswordCheckBusy when busy. */
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
    if (this.running < this.limits.concurrency) this.running++;
    else if (this.waiting.length < this.limits.queueMax) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else throw new PasswordCheckBusy();
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
