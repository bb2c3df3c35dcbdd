import { queuedAuditEvents } from '@consentry/shared-testing';
import {
  PolicyStack,
  SeededOrganisation,
  citizenId,
  errorFields,
  licenceBody,
  seedConsent,
  seedOrganisation,
  seedPurposes,
  startPolicyStack,
  tokenFor,
} from '../testing/policy-e2e.fixture';

describe('decisions/simulate: what if, without side effects', () => {
  let stack: PolicyStack;
  let bank: SeededOrganisation;
  let licenceId: string;
  const operator = tokenFor('operator');
  const regulator = tokenFor('regulator');
  const citizen = citizenId(21);
  const nextMonth = new Date(Date.now() + 30 * 86_400_000).toISOString();

  beforeAll(async () => {
    stack = await startPolicyStack();
    await seedPurposes(stack, ['account-opening']);
    bank = await seedOrganisation(stack, 'Simulated Bank');
    const created = await stack.call('POST', '/v1/licences', operator, licenceBody(bank.id, {
      grants: [{ purposeCode: 'account-opening', operations: ['verify', 'lookup'], fields: ['fullName', 'dateOfBirth'] }],
    }));
    licenceId = created.body.id;
    // Version 2, from next month, drops dateOfBirth.
    const v2 = await stack.call('POST', `/v1/licences/${licenceId}/versions`, operator, {
      effectiveFrom: new Date(Date.parse(nextMonth) - 86_400_000).toISOString(),
      grants: [{ purposeCode: 'account-opening', operations: ['verify', 'lookup'], fields: ['fullName'] }],
    });
    expect(v2.status).toBe(201);
    await seedConsent(stack, { citizen, organisationId: bank.id, purpose: 'account-opening', granted: ['fullName', 'dateOfBirth', 'ethnicity'] });
  });
  afterAll(() => stack?.stop());

  const simulate = (body: Record<string, unknown>, token = regulator) =>
    stack.call('POST', '/v1/decisions/simulate', token, { organisationId: bank.id, operation: 'lookup', purpose: 'account-opening', fields: ['dateOfBirth'], citizenId: citizen, ...body });

  /** Row counts of every table that a real decision or a change could touch. */
  const footprint = async () => ({
    rows: await stack.sql(
      `SELECT (SELECT count(*) FROM policy.licences)::int AS licences, (SELECT count(*) FROM policy.licence_versions)::int AS versions,
              (SELECT count(*) FROM policy.suspensions)::int AS suspensions, (SELECT count(*) FROM consent.consents)::int AS consents,
              (SELECT count(*) FROM consent.transitions)::int AS transitions`,
    ),
    // Decision events only: the registry's relay may deliver the seeded consents' events at any time.
    events: (await queuedAuditEvents(stack.engines[0])).filter((e) => e.operation === 'decision').length,
  });

  it('decides on the real inputs like a real decision, but records nothing', async () => {
    const before = await footprint();
    const res = await simulate({});
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      simulated: true,
      decision: 'allow',
      allowedFields: ['dateOfBirth'],
      licenceSource: 'current',
      consentSource: 'registry',
      licenceProblems: [],
      policyVersion: `${licenceId}@1+r1`,
    });
    expect(res.body.auditEventId).toBeUndefined();
    expect(await footprint()).toEqual(before);
  });

  it('decides as at a later instant under the licence version then in force', async () => {
    const res = await simulate({ at: nextMonth });
    expect(res.body).toMatchObject({ decision: 'deny', policyVersion: `${licenceId}@2+r1`, deniedFields: [{ field: 'dateOfBirth', reasonCode: 'FIELD_NOT_LICENSED' }] });
  });

  it('tries a proposed licence, reporting what would stop it being saved, and leaves no trace of it', async () => {
    const before = await footprint();
    const proposed = {
      organisationKind: 'enterprise',
      legalBasis: 'consent',
      grants: [{ purposeCode: 'account-opening', operations: ['lookup'], fields: ['fullName', 'dateOfBirth', 'ethnicity'] }],
      validFrom: '2026-01-01T00:00:00Z',
      validTo: '2030-01-01T00:00:00Z',
    };
    const res = await simulate({ fields: ['ethnicity'], licence: proposed });
    expect(res.body).toMatchObject({ decision: 'allow', allowedFields: ['ethnicity'], licenceSource: 'proposed', policyVersion: 'proposed+r1', licenceId, licenceVersion: 2 });
    const real = await stack.call('POST', '/v1/decisions', operator, { organisationId: bank.id, operation: 'lookup', purpose: 'account-opening', fields: ['ethnicity'], citizenId: citizen });
    expect(real.body.deniedFields).toEqual([{ field: 'ethnicity', reasonCode: 'FIELD_NOT_LICENSED' }]);
    const afterReal = await footprint();
    expect(afterReal.rows).toEqual(before.rows);
    expect(afterReal.events).toBe(before.events + 1);

    const duty = await simulate({ licence: { ...proposed, legalBasis: 'legal-duty', legalReference: 'none' } });
    expect(duty.body).toMatchObject({ decision: 'deny', deniedFields: [{ field: 'dateOfBirth', reasonCode: 'LEGAL_DUTY_NOT_ELIGIBLE' }] });
    expect(duty.body.licenceProblems.map((p: { field: string }) => p.field)).toEqual(['licence.legalBasis']);
  });

  it('tries a hypothetical consent instead of the real one, and needs no citizen for it', async () => {
    const without = await simulate({ citizenId: undefined, consent: { fields: ['fullName'], operations: ['verify'] }, operation: 'verify', fields: ['fullName', 'dateOfBirth'] });
    expect(without.body).toMatchObject({ decision: 'allow', allowedFields: ['fullName'], consentSource: 'hypothetical', obligations: [{ field: 'fullName', kind: 'match-only' }] });
    const revoked = await simulate({ consent: { state: 'REVOKED', fields: ['dateOfBirth'], operations: ['lookup'] } });
    expect(revoked.body.deniedFields).toEqual([{ field: 'dateOfBirth', reasonCode: 'CONSENT_REVOKED' }]);
    const usedUp = await simulate({ consent: { fields: ['dateOfBirth'], operations: ['lookup'], frequency: { limit: 2, period: 'day' }, usesInPeriod: 2 } });
    expect(usedUp.body.deniedFields).toEqual([{ field: 'dateOfBirth', reasonCode: 'CONSENT_FREQUENCY_EXCEEDED' }]);
    const noCitizen = await simulate({ citizenId: undefined });
    expect(noCitizen.body).toMatchObject({ decision: 'deny', consentSource: 'none', deniedFields: [{ reasonCode: 'CONSENT_MISSING' }] });
  });

  it('is for operators and regulators only', async () => {
    expect((await simulate({}, tokenFor('citizen', citizen))).status).toBe(403);
    expect((await simulate({}, operator)).status).toBe(200);
  });

  it.each([
    ['an instant without a zone', { at: '2026-07-01' }, 'at'],
    ['a malformed ID number', { citizenId: '0790' }, 'citizenId'],
    ['a proposed licence with an unknown operation', { licence: { ...licenceBody(''), organisationId: undefined, grants: [{ purposeCode: 'account-opening', operations: ['erase'], fields: ['fullName'] }] } }, 'licence.grants.0.operations'],
    ['a proposed licence without grants', { licence: { organisationKind: 'enterprise', legalBasis: 'consent', validFrom: '2026-01-01T00:00:00Z', validTo: '2027-01-01T00:00:00Z' } }, 'licence.grants'],
    ['a hypothetical consent in an unknown state', { consent: { state: 'MAYBE', fields: [], operations: [] } }, 'consent.state'],
    ['a hypothetical consent with a batch operation', { consent: { fields: ['fullName'], operations: ['batch'] } }, 'consent.operations'],
    ['a negative use count', { consent: { fields: ['fullName'], operations: ['lookup'], usesInPeriod: -1 } }, 'consent.usesInPeriod'],
    ['an unknown operation', { operation: 'erase' }, 'operation'],
  ])('rejects %s with a 400 naming the field', async (_, change, field) => {
    const res = await simulate(change);
    expect(res.status).toBe(400);
    expect(errorFields(res)).toContain(field);
  });
});
