import { Module } from '@nestjs/common';
import { OrganisationsModule, identityDatabase } from '@consentry/identity-feature';
import { PopulationCatalogueModule, populationDatabase } from '@consentry/population-feature';
import { ServiceSpec, coreModules } from '@consentry/shared-runtime';
import { IdNumbersController } from './id-numbers.controller';

export const GATEWAY_SCHEMA = 'gateway';

@Module({ controllers: [IdNumbersController] })
class GatewayApiModule {}

@Module({})
class QueryGatewayModule {}

/** The enterprise API: verified lookups, charged and audited. Owns the population schema's migrations. */
export const queryGatewayService: ServiceSpec = {
  name: 'query-gateway',
  title: 'Consentry query gateway',
  description: 'Enterprise API for verified citizen lookups. Authenticate with "Authorization: Bearer <API key>".',
  portVariable: 'QUERY_GATEWAY_PORT',
  defaultPort: 3003,
  module: (env) => ({
    module: QueryGatewayModule,
    imports: [
      ...coreModules('query-gateway', env, {
        schema: GATEWAY_SCHEMA,
        entities: [...identityDatabase.entities, ...populationDatabase.entities],
        migrationSets: [
          identityDatabase.migrationSet,
          populationDatabase.migrationSet,
          { schema: GATEWAY_SCHEMA, migrations: [] },
        ],
      }),
      OrganisationsModule,
      PopulationCatalogueModule,
      GatewayApiModule,
    ],
  }),
};
