export const AUDIT_CONFIG = Symbol('AUDIT_CONFIG');
export const AUDIT_CLOCK = Symbol('AUDIT_CLOCK');

/** Time as the audit views see it (deferred disclosure); replaced in tests. */
export interface Clock {
  now(): Date;
}
