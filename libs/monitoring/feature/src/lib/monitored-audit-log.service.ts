import { AuditLogServiceOptions, createAuditLogService } from '@consentry/audit-feature';
import { identityDatabase } from '@consentry/identity-feature';
import { policyDatabase } from '@consentry/policy-feature';
import { MONITORING_MIGRATIONS, MONITORING_SCHEMA } from '@consentry/monitoring-data-access';
import type { ServiceSpec } from '@consentry/shared-runtime';
import { MonitoringSettings, loadMonitoringSettings } from './detection/monitoring-config';
import { MonitoringFeatureModule } from './monitoring-feature.module';

export interface MonitoredAuditLogOptions extends AuditLogServiceOptions {
  /** Monitoring settings over the MONITORING_* variables (tests, the replay bench). */
  monitoring?: Partial<MonitoringSettings>;
}

/** The audit-log service with monitoring mounted in it: what apps/audit-log and the platform run. */
export function createMonitoredAuditLogService(options: MonitoredAuditLogOptions = {}): ServiceSpec {
  return createAuditLogService({
    ...options,
    extension: {
      // Organisations and API keys (identity) and suspensions (policy) are read and written from here too.
      migrationSets: [identityDatabase.migrationSet, policyDatabase.migrationSet, { schema: MONITORING_SCHEMA, migrations: MONITORING_MIGRATIONS }],
      modules: (_env, audit) => [
        MonitoringFeatureModule.register({ settings: loadMonitoringSettings({ ...process.env, ...options.env }, options.monitoring), clock: audit.clock }),
      ],
    },
  });
}

export const monitoredAuditLogService: ServiceSpec = createMonitoredAuditLogService();
