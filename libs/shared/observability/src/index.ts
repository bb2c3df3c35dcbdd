export * from './lib/logger';
export * from './lib/metrics.service';
export * from './lib/health';
export * from './lib/observability.module';
