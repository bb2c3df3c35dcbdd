import { AccountEntity, ApiKeyEntity, IDENTITY_SCHEMA, OrganisationEntity, identityMigrations } from '@consentry/identity-data-access';

/** What a service that signs people in or authenticates API keys adds to its database. */
export const identityDatabase = {
  entities: [AccountEntity, OrganisationEntity, ApiKeyEntity],
  migrationSet: { schema: IDENTITY_SCHEMA, migrations: identityMigrations },
};
