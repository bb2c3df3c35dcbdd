export * from './lib/organisation.entity';
export * from './lib/api-key.entity';
export * from './lib/gateway-init.migration';
export * from './lib/api-key.repository';
