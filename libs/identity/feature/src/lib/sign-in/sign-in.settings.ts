import { z } from 'zod';

/** Sign-in settings, validated with the environment of the service that hosts sign-in. */
export const signInEnv = {
  /** Failed attempts per login allowed in a window; past them the login is refused until the window ends. */
  SIGN_IN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  SIGN_IN_FAILURE_WINDOW_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(900_000),
  /** Password checks (scrypt) run at once by one process; the rest queue. */
  SIGN_IN_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
};

export interface SignInSettings {
  /** Keys the hash that stands for a login in the attempt counter. */
  pseudonymKey: string;
  maxFailures: number;
  failureWindowMs: number;
  hashConcurrency: number;
}

export function signInSettingsFrom(env: { PSEUDONYM_KEY: string; [name: string]: unknown }): SignInSettings {
  return {
    pseudonymKey: env.PSEUDONYM_KEY,
    maxFailures: env['SIGN_IN_MAX_FAILURES'] as number,
    failureWindowMs: env['SIGN_IN_FAILURE_WINDOW_MS'] as number,
    hashConcurrency: env['SIGN_IN_HASH_CONCURRENCY'] as number,
  };
}
