export * from './lib/account.entity';
export * from './lib/organisation.entity';
export * from './lib/api-key.entity';
export * from './lib/identity-init.migration';
export * from './lib/account.repository';
export * from './lib/api-key.repository';
export * from './lib/sign-in-attempt.repository';
