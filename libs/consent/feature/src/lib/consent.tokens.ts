/** Injection tokens of the consent registry's feature module. */
export const CLOCK = Symbol('CLOCK');
export const CONSENT_SETTINGS = Symbol('CONSENT_SETTINGS');

export interface Clock {
  now(): Date;
}

export interface ConsentSettings {
  pseudonymKey: string;
  /** PKCS#8 PEM of the receipt signing key; when absent one is generated and kept in the database. */
  signingKeyPem?: string;
  /** Name in the `iss` of receipts. */
  issuer: string;
  webhookMaxAttempts: number;
  webhookBackoffMs: number;
  /** WEBHOOK_ALLOW_PRIVATE_DESTINATIONS: webhooks to loopback, private and link-local addresses, and over http. */
  webhookAllowPrivateDestinations: boolean;
  expirySweepMs: number;
}
