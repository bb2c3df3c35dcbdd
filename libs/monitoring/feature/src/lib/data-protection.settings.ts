import { z } from 'zod';
import type { Clock } from '@consentry/audit-feature';
import { loadConfig } from '@consentry/shared-config';

/** Injection tokens shared by the breach register, data-subject requests and notifications. */
export const DATA_PROTECTION_CLOCK = Symbol('DATA_PROTECTION_CLOCK');
export const DATA_PROTECTION_SETTINGS = Symbol('DATA_PROTECTION_SETTINGS');

export const systemClock: Clock = { now: () => new Date() };

const ms = (fallback: number, min: number) =>
  z.coerce.number({ invalid_type_error: 'must be a number' }).int('must be an integer').min(min, `must be at least ${min}`).default(fallback);

const schema = z.object({
  BREACH_SWEEP_MS: ms(60_000, 100),
  NOTIFICATION_POLL_MS: ms(1_000, 50),
  NOTIFICATION_BATCH_SIZE: ms(500, 1),
  NOTIFICATION_WEBHOOK_MAX_ATTEMPTS: ms(8, 1),
  NOTIFICATION_WEBHOOK_BACKOFF_MS: ms(5_000, 1),
  /** Shared with the consent registry: development and tests only, off by default, production or not. */
  WEBHOOK_ALLOW_PRIVATE_DESTINATIONS: z.enum(['true', 'false'], { message: 'must be true or false' }).default('false'),
});

export interface DataProtectionSettings {
  breachSweepMs: number;
  notificationPollMs: number;
  notificationBatchSize: number;
  webhookMaxAttempts: number;
  webhookBackoffMs: number;
  /** Citizens' webhooks to loopback, private and link-local addresses, and over http. */
  webhookAllowPrivateDestinations: boolean;
}

export function loadDataProtectionSettings(env: Record<string, string | undefined> = process.env): DataProtectionSettings {
  const c = loadConfig(schema, env);
  return {
    breachSweepMs: c.BREACH_SWEEP_MS,
    notificationPollMs: c.NOTIFICATION_POLL_MS,
    notificationBatchSize: c.NOTIFICATION_BATCH_SIZE,
    webhookMaxAttempts: c.NOTIFICATION_WEBHOOK_MAX_ATTEMPTS,
    webhookBackoffMs: c.NOTIFICATION_WEBHOOK_BACKOFF_MS,
    webhookAllowPrivateDestinations: c.WEBHOOK_ALLOW_PRIVATE_DESTINATIONS === 'true',
  };
}

/** What the lead passes when mounting these modules: the audit service's clock and environment. */
export interface DataProtectionModuleOptions {
  clock?: Clock;
  env?: Record<string, string | undefined>;
}

export function dataProtectionProviders(options: DataProtectionModuleOptions) {
  return [
    { provide: DATA_PROTECTION_CLOCK, useValue: options.clock ?? systemClock },
    { provide: DATA_PROTECTION_SETTINGS, useValue: loadDataProtectionSettings({ ...process.env, ...options.env }) },
  ];
}
