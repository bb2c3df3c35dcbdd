export * from './lib/population-schema.constant';
export { CitizenRecordEntity } from './lib/citizen-record.entity';
export { PopulationInit1732400000000, populationMigrations } from './lib/population-init.migration';
export { insertCitizens, SqlClient } from './lib/insert-citizens.util';
export { CitizenReader } from './lib/citizen-reader.repository';
