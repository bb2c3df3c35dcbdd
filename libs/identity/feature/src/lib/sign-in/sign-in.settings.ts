import { z } from 'zod';

/** Sign-in settings, validated with the environment of the service that hosts sign-in. */
export const signInEnv = {
  /** Failed attempts per login (or per device, ADR 0012) allowed in a window; past them refused until the window ends. */
  SIGN_IN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  SIGN_IN_FAILURE_WINDOW_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(900_000),
  /** Password checks (scrypt) run at once by one process; the rest queue. */
  SIGN_IN_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  /** Password checks that may wait for one of those places; past them sign-in answers 503 at once. */
  SIGN_IN_HASH_QUEUE_MAX: z.coerce.number().int().min(0).max(10_000).default(64),
  /** How long a device token from a successful sign-in keeps that device's attempts apart. */
  SIGN_IN_DEVICE_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(3_650).default(90),
};

export interface SignInSettings {
  /** Keys the hashes that stand for a login or a device in the attempt counter, and device tokens' MACs. */
  pseudonymKey: string;
  maxFailures: number;
  failureWindowMs: number;
  hashConcurrency: number;
  hashQueueMax: number;
  deviceTokenTtlDays: number;
}

export function signInSettingsFrom(env: { PSEUDONYM_KEY: string; [name: string]: unknown }): SignInSettings {
  return {
    pseudonymKey: env.PSEUDONYM_KEY,
    maxFailures: env['SIGN_IN_MAX_FAILURES'] as number,
    failureWindowMs: env['SIGN_IN_FAILURE_WINDOW_MS'] as number,
    hashConcurrency: env['SIGN_IN_HASH_CONCURRENCY'] as number,
    hashQueueMax: env['SIGN_IN_HASH_QUEUE_MAX'] as number,
    deviceTokenTtlDays: env['SIGN_IN_DEVICE_TOKEN_TTL_DAYS'] as number,
  };
}
