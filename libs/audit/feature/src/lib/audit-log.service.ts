import { DynamicModule, Module } from '@nestjs/common';
import { auditDatabase } from '@consentry/audit-data-access';
import type { MigrationSet } from '@consentry/shared-database';
import { ServiceEnv, ServiceSpec, coreModules } from '@consentry/shared-runtime';
import { loadAuditConfig } from './config/audit-config';
import { Clock } from './config/audit.tokens';
import { AuditFeatureModule } from './audit-feature.module';

export const AUDIT_SCHEMA = 'audit';

@Module({})
class AuditLogModule {}

export interface AuditLogServiceOptions {
  /** Audit variables (AUDIT_*) on top of process.env; tests pass them here. */
  env?: Record<string, string | undefined>;
  clock?: Clock;
  /** Features mounted in this service by a wider scope (monitoring), with their schemas' migrations. */
  extension?: {
    migrationSets: MigrationSet[];
    modules: (env: ServiceEnv, audit: { config: ReturnType<typeof loadAuditConfig>; clock?: Clock }) => DynamicModule[];
  };
}

/** The audit log service, with its settings read when the module is built. */
export function createAuditLogService(options: AuditLogServiceOptions = {}): ServiceSpec {
  return {
    name: 'audit-log',
    title: 'Consentry audit log',
    description:
      'Append-only, Merkle-verifiable record of every access; citizens review who accessed their data, regulators audit usage. ' +
      'The /v1/log endpoints are public and follow RFC 9162 and the C2SP checkpoint and signed-note formats.',
    portVariable: 'AUDIT_LOG_PORT',
    defaultPort: 3004,
    module: (env) => {
      const config = loadAuditConfig(env.NODE_ENV, env.PSEUDONYM_KEY, { ...process.env, ...options.env });
      return {
        module: AuditLogModule,
        imports: [
          ...coreModules('audit-log', env, {
            schema: AUDIT_SCHEMA,
            entities: auditDatabase.entities,
            migrationSets: [auditDatabase.migrationSet, ...(options.extension?.migrationSets ?? [])],
          }),
          AuditFeatureModule.register(config, options.clock),
          ...(options.extension?.modules(env, { config, clock: options.clock }) ?? []),
        ],
      };
    },
  };
}

/** The verifiable access log and the views of it for citizens, organisations and regulators. */
export const auditLogService: ServiceSpec = createAuditLogService();
