export * from './lib/audit-log.service';
export * from './lib/audit-feature.module';
export * from './lib/config/audit-config';
export * from './lib/config/audit.tokens';
export * from './lib/queries/audit-query.service';
export * from './lib/ingest/audit-ingest.service';
export * from './lib/citizen/citizen-erasure.service';
export * from './lib/checkpoints/checkpoint-publisher.service';
