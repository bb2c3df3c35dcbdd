import { Module } from '@nestjs/common';
import { ApiKeyEntity, GATEWAY_SCHEMA, OrganisationEntity, gatewayMigrations } from '@consentry/gateway-data-access';
import { PopulationCatalogueModule, populationDatabase } from '@consentry/population-feature';
import { ServiceSpec, coreModules } from '@consentry/shared-runtime';
import { OrganisationController } from './organisation.controller';
import { ApiKeyGuard } from './api-key.guard';

@Module({ controllers: [OrganisationController], providers: [ApiKeyGuard] })
class GatewayApiModule {}

@Module({})
class QueryGatewayModule {}

/** The enterprise API: verified lookups, charged and audited (owns the population schema's migrations). */
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
        entities: [OrganisationEntity, ApiKeyEntity, ...populationDatabase.entities],
        migrationSets: [populationDatabase.migrationSet, { schema: GATEWAY_SCHEMA, migrations: gatewayMigrations }],
      }),
      PopulationCatalogueModule,
      GatewayApiModule,
    ],
  }),
};
