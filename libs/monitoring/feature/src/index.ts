export * from './lib/monitoring-feature.module';
export * from './lib/monitored-audit-log.service';
