import { DynamicModule, Module } from '@nestjs/common';

/**
 * Personal-data-protection monitoring, mounted in the audit-log service: detection over the
 * audit stream, regulators' alerts and cases, the breach register, data-subject requests and
 * citizens' notifications.
 */
@Module({})
export class MonitoringFeatureModule {
  static register(): DynamicModule {
    return { module: MonitoringFeatureModule, imports: [], providers: [], controllers: [] };
  }
}
