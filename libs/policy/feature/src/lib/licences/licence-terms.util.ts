import type { FieldCode } from '@consentry/population-domain';
import type { Licence, LicenceGrant, ObligationKind, Operation } from '@consentry/policy-domain';

/** Licence terms as validated request input (enums still plain strings). */
export interface LicenceTermsInput {
  organisationKind: string;
  legalBasis: string;
  legalReference?: string;
  grants: { purposeCode: string; operations: string[]; fields: string[]; obligations?: Record<string, string> }[];
  validFrom: string;
  validTo: string;
  status?: string;
}

/** The domain licence for these terms, with instants normalised to UTC milliseconds. */
export function licenceFromTerms(terms: LicenceTermsInput, ids: { id: string; organisationId: string; version: number }): Licence {
  return {
    id: ids.id,
    organisationId: ids.organisationId,
    version: ids.version,
    status: (terms.status ?? 'active') as Licence['status'],
    organisationKind: terms.organisationKind as Licence['organisationKind'],
    legalBasis: terms.legalBasis as Licence['legalBasis'],
    legalReference: terms.legalReference ?? '',
    grants: terms.grants.map((g): LicenceGrant => {
      const grant: LicenceGrant = { purposeCode: g.purposeCode, operations: g.operations as Operation[], fields: g.fields as FieldCode[] };
      return g.obligations && Object.keys(g.obligations).length > 0
        ? { ...grant, obligations: Object.fromEntries(Object.entries(g.obligations).sort(([x], [y]) => (x < y ? -1 : 1))) as Partial<Record<FieldCode, ObligationKind>> }
        : grant;
    }),
    validFrom: new Date(terms.validFrom).toISOString(),
    validTo: new Date(terms.validTo).toISOString(),
  };
}

/** The terms of a stored licence, to start a new version from. */
export function termsOf(licence: Licence): LicenceTermsInput {
  return {
    organisationKind: licence.organisationKind,
    legalBasis: licence.legalBasis,
    legalReference: licence.legalReference,
    grants: licence.grants.map((g) => ({
      purposeCode: g.purposeCode,
      operations: [...g.operations],
      fields: [...g.fields],
      obligations: g.obligations ? ({ ...g.obligations } as Record<string, string>) : undefined,
    })),
    validFrom: licence.validFrom,
    validTo: licence.validTo,
    status: licence.status,
  };
}

/** Same terms, whatever the version number (and whatever key order the database gave back). */
export function sameTerms(a: Licence, b: Licence): boolean {
  const canonical = (l: Licence) => JSON.stringify(licenceFromTerms(termsOf(l), { id: l.id, organisationId: l.organisationId, version: 0 }));
  return canonical(a) === canonical(b);
}
