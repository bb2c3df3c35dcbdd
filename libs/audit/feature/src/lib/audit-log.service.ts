import { Module } from '@nestjs/common';
import { ServiceSpec, coreModules } from '@consentry/shared-runtime';

export const AUDIT_SCHEMA = 'audit';

@Module({})
class AuditLogModule {}

/** The verifiable access log and the views of it for citizens, organisations and regulators. */
export const auditLogService: ServiceSpec = {
  name: 'audit-log',
  title: 'Consentry audit log',
  description: 'Append-only, Merkle-verifiable record of every access; citizens review who accessed their data, regulators audit usage.',
  portVariable: 'AUDIT_LOG_PORT',
  defaultPort: 3004,
  module: (env) => ({
    module: AuditLogModule,
    imports: [...coreModules('audit-log', env, { schema: AUDIT_SCHEMA, entities: [], migrationSets: [{ schema: AUDIT_SCHEMA, migrations: [] }] })],
  }),
};
