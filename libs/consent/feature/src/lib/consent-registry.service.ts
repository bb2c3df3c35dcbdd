import { Module } from '@nestjs/common';
import { z } from 'zod';
import { CONSENT_SCHEMA, consentMigrations } from '@consentry/consent-data-access';
import { IdentityModule, identityDatabase, signInEnv, signInSettingsFrom } from '@consentry/identity-feature';
import { PopulationCatalogueModule } from '@consentry/population-feature';
import { ServiceSpec, coreModules } from '@consentry/shared-runtime';
import { ConsentModule } from './consent-registry.module';

@Module({})
class ConsentRegistryModule {}

const consentEnv = {
  /** PKCS#8 PEM of the Ed25519 key that signs receipts; unset = generated and kept in the database. */
  CONSENT_SIGNING_KEY: z.string().includes('PRIVATE KEY', { message: 'must be a PKCS#8 PEM private key' }).optional(),
  CONSENT_ISSUER: z.string().min(1).default('consentry-consent-registry'),
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  WEBHOOK_BACKOFF_MS: z.coerce.number().int().min(10).max(3_600_000).default(5_000),
  /** Development and tests: webhooks to private addresses and over http; off by default, production or not. */
  WEBHOOK_ALLOW_PRIVATE_DESTINATIONS: z.enum(['true', 'false']).default('false'),
  EXPIRY_SWEEP_MS: z.coerce.number().int().min(100).max(86_400_000).default(60_000),
  ...signInEnv,
};

/** Consents, consent requests, receipts and sign-in for citizens and staff. */
export const consentRegistryService: ServiceSpec = {
  name: 'consent-registry',
  title: 'Consentry consent registry',
  description:
    'Citizens grant, pause and revoke consent per purpose and field; organisations request it and receive signed webhooks. Receipts are JWS signed with the keys at /.well-known/jwks.json. Also sign-in for citizens, regulators and operators.',
  portVariable: 'CONSENT_REGISTRY_PORT',
  defaultPort: 3001,
  env: consentEnv,
  module: (env) => ({
    module: ConsentRegistryModule,
    imports: [
      ...coreModules('consent-registry', env, {
        schema: CONSENT_SCHEMA,
        entities: [...identityDatabase.entities],
        migrationSets: [identityDatabase.migrationSet, { schema: CONSENT_SCHEMA, migrations: consentMigrations }],
      }),
      IdentityModule.register(signInSettingsFrom(env)),
      PopulationCatalogueModule,
      ConsentModule.register({
        pseudonymKey: env.PSEUDONYM_KEY,
        signingKeyPem: env['CONSENT_SIGNING_KEY'] as string | undefined,
        issuer: env['CONSENT_ISSUER'] as string,
        webhookMaxAttempts: env['WEBHOOK_MAX_ATTEMPTS'] as number,
        webhookBackoffMs: env['WEBHOOK_BACKOFF_MS'] as number,
        webhookAllowPrivateDestinations: env['WEBHOOK_ALLOW_PRIVATE_DESTINATIONS'] === 'true',
        expirySweepMs: env['EXPIRY_SWEEP_MS'] as number,
      }),
    ],
  }),
};
