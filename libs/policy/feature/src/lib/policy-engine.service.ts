import { Module } from '@nestjs/common';
import { PopulationCatalogueModule } from '@consentry/population-feature';
import { ServiceSpec, coreModules } from '@consentry/shared-runtime';

export const POLICY_SCHEMA = 'policy';

@Module({})
class PolicyEngineModule {}

/** Licences, purposes, explainable access decisions and suspensions. */
export const policyEngineService: ServiceSpec = {
  name: 'policy-engine',
  title: 'Consentry policy engine',
  description: 'Who may see which fields, for what purpose, on which legal basis: licences, decisions, simulations, suspensions.',
  portVariable: 'POLICY_ENGINE_PORT',
  defaultPort: 3002,
  module: (env) => ({
    module: PolicyEngineModule,
    imports: [
      ...coreModules('policy-engine', env, { schema: POLICY_SCHEMA, entities: [], migrationSets: [{ schema: POLICY_SCHEMA, migrations: [] }] }),
      PopulationCatalogueModule,
    ],
  }),
};
