import { Module } from '@nestjs/common';
import { z } from 'zod';
import { auditMigrationSet } from '@consentry/audit-feature';
import { consentDatabase } from '@consentry/consent-feature';
import { GATEWAY_SCHEMA, gatewayMigrations } from '@consentry/gateway-data-access';
import { OrganisationDirectory, OrganisationsModule, identityDatabase } from '@consentry/identity-feature';
import { AuditLedgerSource, MeteringModule, OrganisationNamesPort, meteringDatabase, meteringEnv, meteringSettingsFromEnv } from '@consentry/metering-feature';
import { policyDatabase } from '@consentry/policy-feature';
import { PopulationCatalogueModule, populationDatabase } from '@consentry/population-feature';
import { ServiceSpec, coreModules } from '@consentry/shared-runtime';
import { GatewayModule } from './gateway.module';
import { Meter, PolicySource } from './gateway.ports';
import { MeteringMeter, PolicyKeySuspensions, PolicyReaderSource } from './gateway.adapters';
import { AuditLogLedgerSource } from './audit-ledger.adapter';

@Module({})
class QueryGatewayModule {}

const gatewayEnv = {
  RATE_LIMIT_PER_ORGANISATION: z.coerce.number().int().min(1).default(5_000),
  RATE_LIMIT_PER_KEY: z.coerce.number().int().min(1).default(5_000),
  ENUMERATION_DAILY_LIMIT: z.coerce.number().int().min(1).default(200),
  AUDIT_RELAY_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(200),
  // Group commit (ADR 0006): records per statement (1 = off; at most 48, under PostgreSQL's 64
  // cached subtransactions, one per organisation and day in a batch: ADR 0007) and statements at once.
  GATEWAY_RECORD_BATCH_MAX: z.coerce.number().int().min(1).max(48).default(32),
  GATEWAY_RECORD_BATCHES_IN_FLIGHT: z.coerce.number().int().min(1).max(16).default(1),
  ...meteringEnv,
};

/**
 * The enterprise API: verifications and lookups decided in-process, charged and audited in one
 * transaction. Also serves metering's operator endpoints (fee schedules, statements, ledger).
 */
export const queryGatewayService: ServiceSpec = {
  name: 'query-gateway',
  title: 'Consentry query gateway',
  description:
    'Enterprise API for verified citizen lookups, charged per field under the fee regulation and audited. Authenticate with "Authorization: Bearer <API key>".',
  portVariable: 'QUERY_GATEWAY_PORT',
  defaultPort: 3003,
  env: gatewayEnv,
  module: (env) => {
    const metering = MeteringModule.register(meteringSettingsFromEnv(env), {
      providers: [
        OrganisationDirectory,
        { provide: OrganisationNamesPort, useExisting: OrganisationDirectory },
        { provide: AuditLedgerSource, useClass: AuditLogLedgerSource },
      ],
    });
    return {
      module: QueryGatewayModule,
      imports: [
        ...coreModules('query-gateway', env, {
          schema: GATEWAY_SCHEMA,
          // Its hot path is prepared statements over parameter arrays (ADR 0006): plan each once.
          genericPlans: true,
          entities: [...identityDatabase.entities, ...populationDatabase.entities, ...meteringDatabase.entities],
          migrationSets: [
            identityDatabase.migrationSet,
            populationDatabase.migrationSet,
            consentDatabase.migrationSet,
            policyDatabase.migrationSet,
            meteringDatabase.migrationSet,
            auditMigrationSet,
            { schema: GATEWAY_SCHEMA, migrations: gatewayMigrations },
          ],
        }),
        OrganisationsModule.register(PolicyKeySuspensions),
        PopulationCatalogueModule,
        metering,
        GatewayModule.register(
          {
            pseudonymKey: env.PSEUDONYM_KEY,
            rateLimitPerOrganisation: env['RATE_LIMIT_PER_ORGANISATION'] as number,
            rateLimitPerKey: env['RATE_LIMIT_PER_KEY'] as number,
            enumerationDailyLimit: env['ENUMERATION_DAILY_LIMIT'] as number,
            redisUrl: env.REDIS_URL,
            redisPrefix: env.QUEUE_PREFIX,
            relayIntervalMs: env['AUDIT_RELAY_INTERVAL_MS'] as number,
            recordBatch: { maxBatch: env['GATEWAY_RECORD_BATCH_MAX'] as number, maxInFlight: env['GATEWAY_RECORD_BATCHES_IN_FLIGHT'] as number },
          },
          [{ provide: PolicySource, useClass: PolicyReaderSource }, { provide: Meter, useClass: MeteringMeter }],
          [metering],
        ),
      ],
    };
  },
};
