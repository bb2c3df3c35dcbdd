import { auditDatabase } from '@consentry/audit-data-access';

/**
 * The audit schema's migrations, for services that read the log in-process (metering's
 * reconciliation in the gateway): any of them may create the schema, under the per-schema lock.
 */
export const auditMigrationSet = auditDatabase.migrationSet;
