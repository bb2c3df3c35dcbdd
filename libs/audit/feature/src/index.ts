export * from './lib/audit-log.service';
