import { Module } from '@nestjs/common';
import { identityDatabase } from '@consentry/identity-feature';
import { POLICY_SCHEMA, policyMigrations } from '@consentry/policy-data-access';
import { PopulationCatalogueModule } from '@consentry/population-feature';
import { ServiceSpec, coreModules } from '@consentry/shared-runtime';
import { PolicyModule } from './policy.module';

export { POLICY_SCHEMA };

@Module({})
class PolicyEngineModule {}

/** Licences, purposes, explainable access decisions and suspensions. */
export const policyEngineService: ServiceSpec = {
  name: 'policy-engine',
  title: 'Consentry policy engine',
  description:
    'Who may see which fields, for what purpose, on which legal basis: licences (versioned, with effective dates), suspensions, '
    + 'explained and simulated decisions, and the access map of a citizen\'s field. Roles: operators manage licences; regulators '
    + 'and operators suspend; regulators (and citizens for themselves) read the access map.',
  portVariable: 'POLICY_ENGINE_PORT',
  defaultPort: 3002,
  module: (env) => ({
    module: PolicyEngineModule,
    imports: [
      ...coreModules('policy-engine', env, {
        schema: POLICY_SCHEMA,
        entities: [],
        // Organisations are read from the identity schema (through OrganisationDirectory), so it must exist.
        migrationSets: [identityDatabase.migrationSet, { schema: POLICY_SCHEMA, migrations: policyMigrations }],
      }),
      PopulationCatalogueModule,
      PolicyModule.register({ pseudonymKey: env.PSEUDONYM_KEY }),
    ],
  }),
};
