export * from './lib/query-gateway.service';
export * from './lib/api-key.guard';
