import { z } from 'zod';
import { urlVar } from './config.util';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Variables every service reads. DATABASE_URL is required when a service runs on its own;
 * the platform launcher provides it when it starts the embedded database.
 */
export const commonEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  DATABASE_URL: urlVar(['postgres:', 'postgresql:']),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** When set, BullMQ uses Redis; otherwise its PostgreSQL backend on DATABASE_URL. */
  REDIS_URL: urlVar(['redis:', 'rediss:']).optional(),
  /** Redis key prefix for BullMQ, to keep deployments sharing one Redis apart. */
  QUEUE_PREFIX: z.string().regex(/^[a-z0-9-]{1,32}$/, 'must be 1-32 lowercase letters, digits or dashes').default('consentry'),
  /** Secret that signs citizen, regulator and operator access tokens (HMAC-SHA256). */
  AUTH_TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters'),
  /** Key for pseudonymising citizen ID numbers in logs and audit entries (HMAC-SHA256). */
  PSEUDONYM_KEY: z.string().min(32, 'must be at least 32 characters'),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
});

export type CommonEnv = z.infer<typeof commonEnvSchema>;
