/** The PostgreSQL schema that holds fee schedules, the ledger and billing state. */
export const METERING_SCHEMA = 'metering';
