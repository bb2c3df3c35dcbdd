export * from './lib/gateway-init.migration';
export * from './lib/gateway-request.repository';
export * from './lib/access-record.writer';
export * from './lib/access-record.batcher';
export * from './lib/audit-outbox.repository';
export * from './lib/idempotency.repository';
export * from './lib/guard-counters.repository';
