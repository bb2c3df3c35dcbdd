import type { Licence } from '@consentry/policy-domain';

/**
 * Version of the decision rules (the code of @consentry/policy-domain). Bump it, with a
 * migration adding its row to policy.rules_versions, whenever a change to the rules can change
 * a decision.
 */
export const RULES_VERSION = 'r1';

/**
 * The policy version recorded in a decision: the licence version it used and the rules version,
 * e.g. `6f1c…-…@3+r1`, or `none+r1` when the organisation held no licence in force. Both parts
 * name immutable records, so the exact policy behind any past decision can be read back.
 */
export function policyVersionOf(licence: Pick<Licence, 'id' | 'version'> | undefined, rules = RULES_VERSION): string {
  return `${licence ? `${licence.id}@${licence.version}` : 'none'}+${rules}`;
}

const POLICY_VERSION = /^(?:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})@([1-9][0-9]{0,8})|none)\+([a-z0-9][a-z0-9.-]{0,31})$/;

export function parsePolicyVersion(value: string): { licenceId: string | null; version: number | null; rulesVersion: string } | undefined {
  const match = POLICY_VERSION.exec(value);
  if (!match) return undefined;
  return { licenceId: match[1] ?? null, version: match[2] ? Number(match[2]) : null, rulesVersion: match[3] };
}
