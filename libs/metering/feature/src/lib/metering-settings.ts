import { z } from 'zod';
import { MeteringSettings } from './metering.tokens';

/**
 * Environment variables of metering, to spread into a ServiceSpec's `env`. Stripe is on only
 * when STRIPE_SECRET_KEY is set, and then its webhook secret and meter are required too.
 */
export const meteringEnv = {
  METERING_DAILY_UNIT_QUOTA: z.coerce.number().int().min(0).optional(),
  STRIPE_SECRET_KEY: z.string().regex(/^(sk|rk)_(test|live)_[A-Za-z0-9]+$/, 'must be a Stripe secret or restricted key').optional(),
  STRIPE_WEBHOOK_SECRET: z.string().startsWith('whsec_', 'must be a Stripe webhook signing secret (whsec_...)').optional(),
  STRIPE_METER_EVENT_NAME: z.string().regex(/^[a-z0-9_]{1,100}$/).default('consentry_fees_vnd'),
  STRIPE_SUCCESS_URL: z.string().url().default('https://consentry.local/billing/top-up/done'),
  STRIPE_CANCEL_URL: z.string().url().default('https://consentry.local/billing/top-up/cancelled'),
  METERING_USAGE_REPORT_INTERVAL_MS: z.coerce.number().int().min(1000).default(15 * 60_000),
  METERING_RECONCILIATION_INTERVAL_MS: z.coerce.number().int().min(1000).default(60 * 60_000),
};

export function meteringSettingsFromEnv(env: Record<string, unknown>): MeteringSettings {
  const key = env['STRIPE_SECRET_KEY'] as string | undefined;
  const webhookSecret = env['STRIPE_WEBHOOK_SECRET'] as string | undefined;
  if (key && !webhookSecret) throw new Error('Invalid configuration:\n  - STRIPE_WEBHOOK_SECRET: required when STRIPE_SECRET_KEY is set');
  return {
    dailyUnitQuota: (env['METERING_DAILY_UNIT_QUOTA'] as number | undefined) ?? null,
    stripe: key && webhookSecret
      ? {
          secretKey: key,
          webhookSecret,
          meterEventName: env['STRIPE_METER_EVENT_NAME'] as string,
          successUrl: env['STRIPE_SUCCESS_URL'] as string,
          cancelUrl: env['STRIPE_CANCEL_URL'] as string,
        }
      : null,
    usageReportIntervalMs: env['METERING_USAGE_REPORT_INTERVAL_MS'] as number,
    reconciliationIntervalMs: env['METERING_RECONCILIATION_INTERVAL_MS'] as number,
  };
}
