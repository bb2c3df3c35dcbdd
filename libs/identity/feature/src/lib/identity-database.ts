import { AccountEntity, IDENTITY_SCHEMA, identityMigrations } from '@consentry/identity-data-access';

/** What a service hosting IdentityModule adds to its database: entities and migrations. */
export const identityDatabase = {
  entities: [AccountEntity],
  migrationSet: { schema: IDENTITY_SCHEMA, migrations: identityMigrations },
};
