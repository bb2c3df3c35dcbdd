/** The PostgreSQL schema the population data lives in; no other lib reads or writes it. */
export const POPULATION_SCHEMA = 'population';
