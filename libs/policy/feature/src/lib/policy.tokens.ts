/** Injection tokens of the policy engine's feature module. */
export const CLOCK = Symbol('CLOCK');
export const POLICY_SETTINGS = Symbol('POLICY_SETTINGS');
export const POLICY_EVALUATOR = Symbol('POLICY_EVALUATOR');

export interface Clock {
  now(): Date;
}

export interface PolicySettings {
  /** Key of the citizen pseudonym (HMAC of the ID number), shared by every service. */
  pseudonymKey: string;
}
