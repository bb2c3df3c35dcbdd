export * from './lib/query-gateway.service';
