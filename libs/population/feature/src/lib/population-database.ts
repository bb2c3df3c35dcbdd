import { CitizenRecordEntity, POPULATION_SCHEMA, populationMigrations } from '@consentry/population-data-access';

/** What a service reading the population database adds to its own: entities and migrations. */
export const populationDatabase = {
  entities: [CitizenRecordEntity],
  migrationSet: { schema: POPULATION_SCHEMA, migrations: populationMigrations },
};
