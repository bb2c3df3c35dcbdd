/** The PostgreSQL schema that holds alerts, cases, the breach register and data-subject requests. */
export const MONITORING_SCHEMA = 'monitoring';
