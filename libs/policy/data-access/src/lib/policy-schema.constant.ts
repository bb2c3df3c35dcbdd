/** The PostgreSQL schema the policy engine owns. */
export const POLICY_SCHEMA = 'policy';
