import { DynamicModule, Module } from '@nestjs/common';
import type { Clock } from '@consentry/audit-feature';
import { OrganisationDirectory } from '@consentry/identity-feature';
import { CaseAuditTrail } from './cases/case-audit-trail.service';
import { CaseWorkflow } from './cases/case-workflow.service';
import { DisputeCases } from './cases/dispute-cases.service';
import { RegulatorCasesController } from './cases/regulator-cases.controller';
import { MONITORING_CLOCK, MONITORING_SETTINGS, type MonitoringSettings, loadMonitoringSettings } from './detection/monitoring-config';
import { MisuseDetection } from './detection/misuse-detection.service';
import { MonitoringProcessor } from './detection/monitoring.processor';
import { BreachesModule } from './breaches/breaches.module';
import { DataSubjectRequestsModule } from './data-subject-requests/data-subject-requests.module';
import { CitizenNotificationsModule } from './notifications/citizen-notifications.module';

const systemClock: Clock = { now: () => new Date() };

/**
 * Personal-data-protection monitoring, mounted in the audit-log service: detection over the
 * audit stream, regulators' alerts and cases, the breach register, data-subject requests and
 * citizens' notifications.
 */
@Module({})
export class MonitoringFeatureModule {
  static register(options: { settings?: MonitoringSettings; clock?: Clock } = {}): DynamicModule {
    return {
      module: MonitoringFeatureModule,
      imports: [
        BreachesModule.register({ clock: options.clock }),
        DataSubjectRequestsModule.register({ clock: options.clock }),
        CitizenNotificationsModule.register({ clock: options.clock }),
      ],
      providers: [
        { provide: MONITORING_SETTINGS, useValue: options.settings ?? loadMonitoringSettings() },
        { provide: MONITORING_CLOCK, useValue: options.clock ?? systemClock },
        OrganisationDirectory,
        CaseAuditTrail,
        CaseWorkflow,
        DisputeCases,
        MisuseDetection,
        MonitoringProcessor,
      ],
      controllers: [RegulatorCasesController],
      exports: [MisuseDetection, MonitoringProcessor],
    };
  }
}
