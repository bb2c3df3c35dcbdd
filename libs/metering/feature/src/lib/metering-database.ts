import { METERING_SCHEMA, meteringEntities, meteringMigrations } from '@consentry/metering-data-access';

/** What a service that charges requests adds to its database: entities and the metering migrations. */
export const meteringDatabase = {
  entities: [...meteringEntities],
  migrationSet: { schema: METERING_SCHEMA, migrations: meteringMigrations },
};
