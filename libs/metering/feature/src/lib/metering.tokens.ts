/** Settings of the metering module (see MeteringModule.register and meteringSettingsFromEnv). */
export interface MeteringSettings {
  /** Most fields an organisation may be charged for per Vietnam day; null/undefined = no limit. */
  dailyUnitQuota?: number | null;
  /** Stripe; null or absent = the local ledger alone (top-ups recorded by operators). */
  stripe?: StripeSettings | null;
  /** Run the BillingSync worker and the periodic jobs in this process (default true). */
  runJobs?: boolean;
  /** How often usage is reported to Stripe and the ledger reconciled (ms). */
  usageReportIntervalMs?: number;
  reconciliationIntervalMs?: number;
}

export interface StripeSettings {
  secretKey: string;
  webhookSecret: string;
  /** event_name of the Stripe Billing meter that receives usage (VND charged per day). */
  meterEventName: string;
  /** Where Checkout sends the payer back. */
  successUrl: string;
  cancelUrl: string;
  /** Test seams: point the SDK at a local server. */
  host?: string;
  port?: number;
  protocol?: 'http' | 'https';
}

export const METERING_SETTINGS = Symbol('METERING_SETTINGS');
export const METERING_CLOCK = Symbol('METERING_CLOCK');

export interface Clock {
  now(): Date;
}
