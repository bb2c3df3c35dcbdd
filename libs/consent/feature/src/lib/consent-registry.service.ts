import { Module } from '@nestjs/common';
import { IdentityModule, identityDatabase } from '@consentry/identity-feature';
import { ServiceSpec, coreModules } from '@consentry/shared-runtime';

export const CONSENT_SCHEMA = 'consent';

@Module({})
class ConsentRegistryModule {}

/** Consents, consent requests, receipts and sign-in for citizens and staff. */
export const consentRegistryService: ServiceSpec = {
  name: 'consent-registry',
  title: 'Consentry consent registry',
  description: 'Citizens grant, pause and revoke consent per purpose and field; organisations request it. Also sign-in for citizens, regulators and operators.',
  portVariable: 'CONSENT_REGISTRY_PORT',
  defaultPort: 3001,
  module: (env) => ({
    module: ConsentRegistryModule,
    imports: [
      ...coreModules('consent-registry', env, {
        schema: CONSENT_SCHEMA,
        entities: [...identityDatabase.entities],
        migrationSets: [
          { schema: CONSENT_SCHEMA, migrations: [] },
          identityDatabase.migrationSet,
        ],
      }),
      IdentityModule.register({ pseudonymKey: env.PSEUDONYM_KEY }),
    ],
  }),
};
