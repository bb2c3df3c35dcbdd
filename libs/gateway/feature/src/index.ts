export * from './lib/query-gateway.service';
export { AuditRelay } from './lib/audit-relay';
