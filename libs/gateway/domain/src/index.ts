export * from './lib/access-body.util';
export * from './lib/answer.util';
export * from './lib/request-hash.util';
export * from './lib/sequential-id.watch';
export * from './lib/outbox-job.util';
export * from './lib/access-record.util';
