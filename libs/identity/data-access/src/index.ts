export * from './lib/account.entity';
export * from './lib/identity-init.migration';
export * from './lib/account.repository';
