export * from './lib/consent-schema.constant';
export * from './lib/consent-init.migration';
export * from './lib/consent.repository';
export * from './lib/purpose.repository';
export * from './lib/signing-key.repository';
export * from './lib/webhook.repository';
export * from './lib/consent-audit-cursor.migration';
export * from './lib/consent-commit-order.migration';
