import { createMongoAbility, type MongoAbility, type MongoQuery, type RawRuleFrom, type Rule } from '@casl/ability';
import { type FieldCode, isFieldCode } from '@consentry/population-domain';
import { OPERATIONS } from './policy.constant';
import type { Licence, ObligationKind, Operation } from './policy.types';

/** What a request looks like to CASL: who asks, and for which purpose. */
export interface AccessContext {
  organisationId: string;
  purposeCode: string;
}

type LicenceAbilityTuple = [Operation, string | AccessContext];
export type LicenceAbility = MongoAbility<LicenceAbilityTuple, MongoQuery<AccessContext>>;
export type LicenceRule = Rule<LicenceAbilityTuple, MongoQuery<AccessContext>>;

/** A licence's grants compiled once; status and validity stay live inputs (see Licence). */
export interface CompiledLicence {
  readonly licenceId: string;
  readonly version: number;
  readonly organisationId: string;
  /** The grants compiled, to notice a licence whose grants changed without a new version. */
  readonly grants: Licence['grants'];
  readonly ability: LicenceAbility;
  /** Purposes with at least one rule, to tell PURPOSE_NOT_LICENSED from OPERATION_NOT_LICENSED. */
  readonly purposes: ReadonlySet<string>;
  readonly obligations: ReadonlyMap<string, ReadonlyMap<FieldCode, ObligationKind>>;
  /** Parsed validity, reused while the live licence carries the same strings. */
  readonly validFrom: { iso: string; ms: number };
  readonly validTo: { iso: string; ms: number };
}

// CASL treats its "any action" and "any subject type" names as wildcards. Purpose codes and
// operations are data, so both are set to names no purpose or operation can take.
const NO_WILDCARD = '\u0000none';
const STRICTNESS: ReadonlyMap<string, number> = new Map<ObligationKind, number>([
  ['mask', 1],
  ['match-only', 2],
]);

/**
 * The CASL subject type is the purpose: CASL indexes rules by (action, subject type), so finding
 * the rule for (operation, purpose) costs one map lookup however many purposes a licence holds.
 * The condition binds every rule to the licence holder.
 */
export function compileLicence(licence: Licence): CompiledLicence {
  const fieldsByPurposeOperation = new Map<string, Map<Operation, Set<FieldCode>>>();
  const obligations = new Map<string, Map<FieldCode, ObligationKind>>();

  for (const grant of listOf(licence.grants)) {
    if (typeof grant?.purposeCode !== 'string') continue;
    const byOperation = fieldsByPurposeOperation.get(grant.purposeCode) ?? new Map<Operation, Set<FieldCode>>();
    fieldsByPurposeOperation.set(grant.purposeCode, byOperation);
    const fields = listOf(grant.fields).filter(isFieldCode);
    for (const operation of listOf(grant.operations)) {
      if (!OPERATIONS.includes(operation)) continue;
      const set = byOperation.get(operation) ?? new Set<FieldCode>();
      byOperation.set(operation, set);
      for (const field of fields) set.add(field);
    }
    mergeObligations(obligations, grant.purposeCode, grant.obligations ?? {});
  }

  const rules: RawRuleFrom<LicenceAbilityTuple, MongoQuery<AccessContext>>[] = [];
  const purposes = new Set<string>();
  for (const [purposeCode, byOperation] of fieldsByPurposeOperation) {
    for (const [operation, fields] of byOperation) {
      // CASL rejects an empty field list; a grant naming no known field grants nothing.
      if (fields.size === 0) continue;
      purposes.add(purposeCode);
      rules.push({
        action: operation,
        subject: purposeCode,
        fields: [...fields],
        conditions: { organisationId: licence.organisationId },
      });
    }
  }

  const ability = createMongoAbility<LicenceAbilityTuple, MongoQuery<AccessContext>>(rules, {
    detectSubjectType: (context) => (context as AccessContext).purposeCode,
    anyAction: NO_WILDCARD,
    anySubjectType: NO_WILDCARD,
  });

  return {
    licenceId: licence.id,
    version: licence.version,
    organisationId: licence.organisationId,
    grants: licence.grants,
    ability,
    purposes,
    obligations,
    validFrom: { iso: licence.validFrom, ms: Date.parse(licence.validFrom) },
    validTo: { iso: licence.validTo, ms: Date.parse(licence.validTo) },
  };
}

/** Malformed licence data grants nothing rather than throwing: the decision then fails closed. */
const listOf = <T>(value: readonly T[] | undefined): readonly T[] => (Array.isArray(value) ? value : []);

/** Two grants for one purpose should not happen (validateLicence flags it); if they do, the stricter obligation wins. */
function mergeObligations(
  target: Map<string, Map<FieldCode, ObligationKind>>,
  purposeCode: string,
  source: Readonly<Partial<Record<FieldCode, ObligationKind>>>,
): void {
  const merged = target.get(purposeCode) ?? new Map<FieldCode, ObligationKind>();
  target.set(purposeCode, merged);
  for (const [field, kind] of Object.entries(source) as [string, ObligationKind][]) {
    const strictness = STRICTNESS.get(kind);
    if (!isFieldCode(field) || strictness === undefined) continue;
    const current = merged.get(field);
    if (current === undefined || strictness > STRICTNESS.get(current)!) merged.set(field, kind);
  }
}

/** The rule allowing `operation` for the request's purpose and organisation, or null. */
export function licenceRuleFor(compiled: CompiledLicence, operation: Operation, context: AccessContext): LicenceRule | null {
  return compiled.ability.relevantRuleFor(operation, context);
}

/** Live validity bound in ms: the cached parse when the string is unchanged. */
export function boundMs(cached: { iso: string; ms: number }, live: string): number {
  return live === cached.iso ? cached.ms : Date.parse(live);
}
