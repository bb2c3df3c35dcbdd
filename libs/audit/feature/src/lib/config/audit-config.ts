import { hkdfSync } from 'node:crypto';
import { z } from 'zod';
import { loadConfig } from '@consentry/shared-config';
import { NoteSigner, parseSignerKey } from '@consentry/audit-domain';

/** Settings of the audit log beyond the common ones, all optional with development defaults. */
export interface AuditConfig {
  /** Checkpoint origin line, e.g. "audit.consentry.gov.vn/log" (C2SP: a schema-less URL). */
  origin: string;
  /** Signers from AUDIT_SIGNING_KEY, primary first; empty means "use the generated development key". */
  signers: (NoteSigner & { skey: string })[];
  /** Wraps the per-citizen data keys (AES-256-GCM). */
  keyEncryptionKey: Buffer;
  checkpointIntervalMs: number;
  /** Jobs of the audit queue processed at once per replica; they share one append transaction. */
  ingestConcurrency: number;
  /** Most events appended in one transaction. */
  maxBatchEvents: number;
}

const schema = z.object({
  AUDIT_LOG_ORIGIN: z
    .string()
    .regex(/^[^\s+]+$/, 'must be a schema-less URL without spaces or "+", e.g. audit.example.gov.vn/log')
    .default('consentry.local/audit-log'),
  AUDIT_SIGNING_KEY: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const keys = (value ?? '').split(/[\s,]+/).filter(Boolean);
      try {
        return keys.map(parseSignerKey);
      } catch (error) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be C2SP signer keys (PRIVATE+KEY+name+hash+key), comma-separated: ${(error as Error).message}` });
        return z.NEVER;
      }
    }),
  AUDIT_KEY_ENCRYPTION_KEY: z
    .string()
    .regex(/^[0-9a-f]{64}$/i, 'must be 32 bytes as 64 hex characters')
    .optional(),
  AUDIT_CHECKPOINT_INTERVAL_MS: z.coerce.number().int().min(100).max(60_000).default(1000),
  AUDIT_INGEST_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  AUDIT_MAX_BATCH_EVENTS: z.coerce.number().int().min(1).max(10_000).default(2000),
});

/**
 * Reads the audit settings. In production the signing key and the key-encryption key must be
 * given; in development the signing key is generated once and kept in the audit schema, and the
 * key-encryption key is derived from PSEUDONYM_KEY (HKDF), so `npm start` needs no extra setup.
 */
export function loadAuditConfig(nodeEnv: string, pseudonymKey: string, env: Record<string, string | undefined> = process.env): AuditConfig {
  const production = nodeEnv === 'production';
  const parsed = loadConfig(
    schema.superRefine((value, ctx) => {
      if (!production) return;
      if (value.AUDIT_SIGNING_KEY.length === 0) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['AUDIT_SIGNING_KEY'], message: 'is required in production' });
      if (!value.AUDIT_KEY_ENCRYPTION_KEY) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['AUDIT_KEY_ENCRYPTION_KEY'], message: 'is required in production' });
    }),
    env,
  );
  const keyEncryptionKey = parsed.AUDIT_KEY_ENCRYPTION_KEY
    ? Buffer.from(parsed.AUDIT_KEY_ENCRYPTION_KEY, 'hex')
    : Buffer.from(hkdfSync('sha256', pseudonymKey, 'consentry-audit', 'citizen-key-encryption-key/dev', 32));
  return {
    origin: parsed.AUDIT_LOG_ORIGIN,
    signers: parsed.AUDIT_SIGNING_KEY,
    keyEncryptionKey,
    checkpointIntervalMs: parsed.AUDIT_CHECKPOINT_INTERVAL_MS,
    ingestConcurrency: parsed.AUDIT_INGEST_CONCURRENCY,
    maxBatchEvents: parsed.AUDIT_MAX_BATCH_EVENTS,
  };
}
