import fc from 'fast-check';
import { FIELD_CATALOGUE, fieldCategory, isFieldCode, type FieldCode } from '@consentry/population-domain';
import { CONSENT_OPERATION_FOR, CONSENT_STATES, LEGAL_DUTY_ELIGIBLE_KINDS, OPERATIONS, ORGANISATION_KINDS } from './policy.constant';
import { createPolicyEvaluator, simulateDecision } from './policy-evaluator.util';
import type { ConsentOperation, ConsentSnapshot, Decision, DecisionRequest, Licence, Operation } from './policy.types';

const NOW_MS = Date.parse('2026-03-01T08:00:00.000Z');
const DAY = 86_400_000;
const CODES = FIELD_CATALOGUE.map((f) => f.code) as FieldCode[];
const purposeArb = fc.constantFrom('KYC', 'KYC', 'KYC', 'KYC', 'CREDIT');

// Inputs are biased towards requests that could succeed, so allow decisions are common and
// each property is tested on both sides; every dimension still fails some of the time.
const often = <T>(usual: fc.Arbitrary<T>, rare: fc.Arbitrary<T>) => fc.oneof({ weight: 12, arbitrary: usual }, { weight: 1, arbitrary: rare });
const isoDays = (min: number, max: number) => fc.integer({ min, max }).map((days) => new Date(NOW_MS + days * DAY).toISOString());
const validFromArb = often(isoDays(-400, -31), isoDays(-30, 400));
const validToArb = often(isoDays(31, 400), isoDays(-400, 30));
const allOperations = often<Operation[]>(fc.constant([...OPERATIONS]), fc.subarray([...OPERATIONS], { minLength: 1 }));
const obligationsArb = fc.dictionary(fc.constantFrom(...CODES), fc.constantFrom('mask' as const, 'match-only' as const), { maxKeys: 4 });

const licenceArb: fc.Arbitrary<Licence> = fc.record({
  id: fc.constantFrom('L1', 'L2'),
  organisationId: often(fc.constant('ORG-A'), fc.constant('ORG-B')),
  version: fc.integer({ min: 1, max: 3 }),
  status: often(fc.constant('active' as const), fc.constantFrom('suspended' as const, 'revoked' as const)),
  organisationKind: fc.constantFrom(...ORGANISATION_KINDS),
  legalBasis: often(fc.constant('consent' as const), fc.constant('legal-duty' as const)),
  legalReference: fc.constant('Decree 1'),
  grants: fc.array(
    fc.record(
      { purposeCode: purposeArb, operations: allOperations, fields: fc.subarray(CODES, { minLength: 1 }), obligations: obligationsArb },
      { requiredKeys: ['purposeCode', 'operations', 'fields'] },
    ),
    { minLength: 1, maxLength: 3 },
  ),
  validFrom: validFromArb,
  validTo: validToArb,
});

const consentArb: fc.Arbitrary<ConsentSnapshot> = fc.record({
  consentId: fc.constantFrom('C1', 'C2'),
  state: often(fc.constant('ACTIVE' as const), fc.constantFrom(...CONSENT_STATES)),
  purposeCode: purposeArb,
  fields: fc.subarray(CODES),
  operations: often<ConsentOperation[]>(fc.constant(['verify', 'lookup']), fc.subarray(['verify' as const, 'lookup' as const])),
  validFrom: validFromArb,
  validTo: validToArb,
  frequency: fc.option(fc.record({ limit: fc.integer({ min: 1, max: 5 }), period: fc.constantFrom('day' as const, 'month' as const, 'once' as const) }), { nil: null }),
  usesInPeriod: often(fc.constant(0), fc.integer({ min: 0, max: 6 })),
});

const anyFieldsArb = often<string[]>(
  fc.array(often(fc.constantFrom(...CODES), fc.constantFrom('bogus', '*', 'fullName ')), { minLength: 1, maxLength: 8 }),
  fc.constant([]),
);

const baseRequestArb: fc.Arbitrary<DecisionRequest> = fc.record({
  organisationId: often(fc.constant('ORG-A'), fc.constant('ORG-B')),
  operation: fc.constantFrom(...OPERATIONS),
  purposeCode: purposeArb,
  fields: anyFieldsArb,
  subject: often(fc.constant('organisation' as const), fc.constant('citizen-self' as const)),
  licence: fc.option(licenceArb, { nil: undefined, freq: 10 }),
  consent: fc.option(consentArb, { nil: undefined, freq: 10 }),
  suspension: often(fc.constant(null), fc.constant({ suspensionId: 'S1', since: '2026-01-01T00:00:00Z' })),
  now: isoDays(-30, 30),
  policyVersion: fc.constantFrom('v1', 'v2'),
});

/** Mostly asks for, and consents to, fields the licence grants for the purpose, so intersections are rarely empty. */
const requestArb: fc.Arbitrary<DecisionRequest> = baseRequestArb.chain((r) => {
  const licensed = [...new Set(r.licence?.grants.filter((g) => g.purposeCode === r.purposeCode).flatMap((g) => g.fields) ?? [])];
  const pool = licensed.length > 0 ? licensed : CODES;
  return fc
    .record({ fields: often(fc.subarray(pool, { minLength: 1 }), anyFieldsArb), consented: often(fc.subarray(pool), fc.subarray(CODES)) })
    .map(({ fields, consented }) => ({ ...r, fields, consent: r.consent && { ...r.consent, fields: consented } }));
});

const evaluator = createPolicyEvaluator({ maxCachedLicences: 8 });
const ms = (iso: string | Date | number) => new Date(iso).getTime();
const isOrganisationRequest = (r: DecisionRequest) => r.subject !== 'citizen-self';
const legalDuty = (l: Licence | undefined) => l?.legalBasis === 'legal-duty' && LEGAL_DUTY_ELIGIBLE_KINDS.includes(l.organisationKind);

/** The consent is usable for this request, by the rules written out independently of the code. */
function consentUsable(r: DecisionRequest): r is DecisionRequest & { consent: ConsentSnapshot } {
  const c = r.consent;
  if (!c) return false;
  const now = ms(r.now);
  return (
    c.state === 'ACTIVE' &&
    c.purposeCode === r.purposeCode &&
    ms(c.validFrom) <= now &&
    now < ms(c.validTo) &&
    c.operations.includes(CONSENT_OPERATION_FOR[r.operation]) &&
    (c.frequency === null || c.usesInPeriod < c.frequency.limit)
  );
}

function licensedFields(l: Licence, purposeCode: string, operation: Operation): Set<string> {
  return new Set(l.grants.filter((g) => g.purposeCode === purposeCode && g.operations.includes(operation)).flatMap((g) => g.fields));
}

const run = (property: (r: DecisionRequest, d: Decision) => void) =>
  fc.assert(fc.property(requestArb, (r) => property(r, evaluator.decide(r))), { numRuns: 3000 });

describe('policy decision properties', () => {
  it('never allows a field outside both the licence and the consent (legal duty: basic licensed fields)', () => {
    run((r, d) => {
      if (!isOrganisationRequest(r)) return;
      for (const field of d.allowedFields) {
        expect(r.licence && licensedFields(r.licence, r.purposeCode, r.operation).has(field)).toBe(true);
        const byConsent = consentUsable(r) && r.consent.fields.includes(field);
        const byDuty = legalDuty(r.licence) && fieldCategory(field) === 'basic';
        expect(byConsent || byDuty).toBe(true);
      }
    });
  });

  it('always denies under a revoked, paused, expired, unanswered or over-frequency consent on a consent basis', () => {
    run((r, d) => {
      if (!isOrganisationRequest(r) || legalDuty(r.licence)) return;
      if (!consentUsable(r)) expect(d.effect).toBe('deny');
    });
  });

  it('never allows a sensitive field without a usable consent naming it', () => {
    run((r, d) => {
      if (!isOrganisationRequest(r)) return;
      for (const field of d.allowedFields) {
        if (fieldCategory(field) === 'sensitive') expect(consentUsable(r) && r.consent.fields.includes(field)).toBe(true);
      }
    });
  });

  it('denies everything to a suspended organisation or under a licence that is not active', () => {
    run((r, d) => {
      if (isOrganisationRequest(r) && (r.suspension || r.licence?.status !== 'active')) expect(d.effect).toBe('deny');
    });
  });

  it('lets a citizen see every catalogue field of their own', () => {
    run((r, d) => {
      if (r.subject === 'citizen-self') expect(d.allowedFields).toEqual([...new Set(r.fields)].filter(isFieldCode));
    });
  });

  it('accounts for each requested field exactly once, and allows iff some field is allowed', () => {
    run((r, d) => {
      const accounted = [...d.allowedFields, ...d.deniedFields.map((x) => x.field)].sort();
      expect(accounted).toEqual([...new Set(r.fields)].sort());
      expect(d.effect === 'allow').toBe(d.allowedFields.length > 0);
      expect(d.reasons.length).toBeGreaterThan(0);
      expect(d.policyVersion).toBe(r.policyVersion);
    });
  });

  it('puts obligations only on allowed fields, and match-only on every verified one', () => {
    run((r, d) => {
      for (const o of d.obligations) expect(d.allowedFields).toContain(o.field);
      if (r.operation === 'verify') expect(d.obligations).toEqual(d.allowedFields.map((field) => ({ field, kind: 'match-only' })));
    });
  });

  it('is deterministic: same input, same output, cached or not', () => {
    run((r, d) => {
      expect(evaluator.decide(structuredClone(r))).toEqual(d);
      expect(simulateDecision(r)).toEqual(d);
      expect(createPolicyEvaluator().decide(r)).toEqual(d);
    });
  });

  it('never throws on malformed input, and allows nothing outside the catalogue', () => {
    const junk = fc.anything({ maxDepth: 2, withNullPrototype: true });
    const malformedArb = fc
      .record({ base: requestArb, key: fc.constantFrom('organisationId', 'operation', 'purposeCode', 'fields', 'subject', 'licence', 'consent', 'suspension', 'now'), value: junk })
      .map(({ base, key, value }) => ({ ...base, [key]: value }) as DecisionRequest);
    fc.assert(
      fc.property(malformedArb, (r) => {
        const d = evaluator.decide(r);
        for (const field of d.allowedFields) expect(isFieldCode(field)).toBe(true);
        expect(simulateDecision(r)).toEqual(d);
      }),
      { numRuns: 3000 },
    );
  });
});
