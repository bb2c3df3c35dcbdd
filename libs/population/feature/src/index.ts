export * from './lib/population-database';
export * from './lib/population-catalogue.module';
export { CitizenReader, insertCitizens } from '@consentry/population-data-access';
