/**
 * Suspensions are the policy engine's (a regulator's case suspends an organisation or one of its
 * keys); key management asks through this port so that a suspended key cannot hand itself a
 * fresh, unsuspended one. The service that serves the key endpoints provides it.
 */
export abstract class KeySuspensions {
  /** True when the organisation, or this key of it, is suspended now. */
  abstract suspended(organisationId: string, apiKeyId: string): Promise<boolean>;
}
