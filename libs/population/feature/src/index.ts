export * from './lib/population-database';
export * from './lib/population-catalogue.module';
