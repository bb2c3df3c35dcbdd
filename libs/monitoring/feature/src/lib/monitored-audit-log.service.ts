import { AuditLogServiceOptions, createAuditLogService } from '@consentry/audit-feature';
import { MONITORING_MIGRATIONS, MONITORING_SCHEMA } from '@consentry/monitoring-data-access';
import type { ServiceSpec } from '@consentry/shared-runtime';
import { MonitoringFeatureModule } from './monitoring-feature.module';

/** The audit-log service with monitoring mounted in it: what apps/audit-log and the platform run. */
export function createMonitoredAuditLogService(options: AuditLogServiceOptions = {}): ServiceSpec {
  return createAuditLogService({
    ...options,
    extension: {
      migrationSets: [{ schema: MONITORING_SCHEMA, migrations: MONITORING_MIGRATIONS }],
      modules: () => [MonitoringFeatureModule.register()],
    },
  });
}

export const monitoredAuditLogService: ServiceSpec = createMonitoredAuditLogService();
