export * from './lib/population-database';
export * from './lib/population-catalogue.module';
export { CitizenReader } from '@consentry/population-data-access';
