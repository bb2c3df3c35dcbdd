export * from './lib/identity.module';
export * from './lib/identity-database';
export * from './lib/api-key.guard';
export * from './lib/organisations.module';
export { KeySuspensions } from './lib/api-keys/key-suspensions.port';
export type { ApiKeyOwner, ApiKeyScope, OrganisationKind } from '@consentry/identity-data-access';
export * from './lib/organisation-directory';
export * from './lib/sign-in/sign-in.settings';
export { PasswordVerifier } from './lib/sign-in/password-verifier';
