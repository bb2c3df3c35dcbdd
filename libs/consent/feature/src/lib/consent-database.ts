import { CONSENT_SCHEMA, consentMigrations } from '@consentry/consent-data-access';

/**
 * The consent schema's migrations, for services that read the registry's published view
 * (consent.consent_heads) in-process: any of them may create it, under the per-schema lock.
 */
export const consentDatabase = {
  migrationSet: { schema: CONSENT_SCHEMA, migrations: consentMigrations },
};
