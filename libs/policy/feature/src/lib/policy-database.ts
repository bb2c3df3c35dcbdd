import { POLICY_SCHEMA, policyMigrations } from '@consentry/policy-data-access';

/** The policy schema's migrations, for services that decide in-process with PolicyReader (the gateway). */
export const policyDatabase = {
  migrationSet: { schema: POLICY_SCHEMA, migrations: policyMigrations },
};
