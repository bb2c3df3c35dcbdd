import { AccessTokens, Role } from '@consentry/shared-auth';
import { RunningService } from '@consentry/shared-runtime';
import { TEST_SECRETS, TcpProxy, queuedAuditEvents, startTestService, waitFor } from '@consentry/shared-testing';
import { policyEngineService } from '../policy-engine.service';
import {
  PolicyStack,
  Reply,
  SeededOrganisation,
  citizenId,
  errorFields,
  licenceBody,
  pseudonymOf,
  seedConsent,
  seedOrganisation,
  seedPurposes,
  startPolicyStack,
  tokenFor,
} from '../testing/policy-e2e.fixture';

const FIELDS = ['fullName', 'dateOfBirth', 'idNumber', 'religion'];

describe('decisions: explained, logged', () => {
  let stack: PolicyStack;
  let bank: SeededOrganisation;
  let agency: SeededOrganisation;
  let unlicensed: SeededOrganisation;
  let expired: SeededOrganisation;
  let revoked: SeededOrganisation;
  let bankLicence: string;
  const staffToken = (role: Role, accountId: string) => new AccessTokens(TEST_SECRETS.AUTH_TOKEN_SECRET).issue({ accountId, role }).token;
  const OPERATOR_ACCOUNT = '0e6a3c1f-7b2d-4e9a-8c5f-1d3b5a7c9e01';
  const REGULATOR_ACCOUNT = '7c1e9a3b-5d2f-4a6c-8e0b-2f4d6a8c0e02';
  const operator = staffToken('operator', OPERATOR_ACCOUNT);
  const c = { granted: citizenId(1), paused: citizenId(2), none: citizenId(3), verifyOnly: citizenId(4), viaApi: citizenId(5) };

  beforeAll(async () => {
    stack = await startPolicyStack();
    await seedPurposes(stack, ['account-opening', 'tax-filing']);
    bank = await seedOrganisation(stack, 'Decision Bank');
    agency = await seedOrganisation(stack, 'Tax Department', 'state-agency');
    unlicensed = await seedOrganisation(stack, 'Unlicensed Shop');
    expired = await seedOrganisation(stack, 'Expired Telco');
    revoked = await seedOrganisation(stack, 'Revoked Insurer');
    const licence = (body: Record<string, unknown>) => stack.call('POST', '/v1/licences', operator, body).then((r) => {
      expect(r.status).toBe(201);
      return r.body.id as string;
    });
    bankLicence = await licence(licenceBody(bank.id, {
      grants: [{ purposeCode: 'account-opening', operations: ['verify', 'lookup'], fields: FIELDS, obligations: { idNumber: 'mask' } }],
    }));
    await licence(licenceBody(agency.id, {
      organisationKind: 'state-agency',
      legalBasis: 'legal-duty',
      legalReference: 'Law on Tax Administration 2019, art. 30',
      grants: [{ purposeCode: 'tax-filing', operations: ['lookup'], fields: FIELDS }],
    }));
    await licence(licenceBody(expired.id, { validFrom: '2020-01-01T00:00:00Z', validTo: '2021-01-01T00:00:00Z' }));
    const toRevoke = await licence(licenceBody(revoked.id));
    expect((await stack.call('POST', `/v1/licences/${toRevoke}/versions`, operator, { status: 'revoked' })).status).toBe(201);

    const consent = (citizen: string, extra: Record<string, unknown> = {}) =>
      seedConsent(stack, { citizen, organisationId: bank.id, purpose: 'account-opening', granted: ['fullName', 'idNumber'], ...extra });
    await consent(c.granted);
    await consent(c.paused, { state: 'PAUSED' });
    await consent(c.verifyOnly, { operations: ['verify'] });
    for (const org of [expired, revoked]) await seedConsent(stack, { citizen: c.granted, organisationId: org.id, purpose: 'account-opening', granted: ['fullName'] });
  });
  afterAll(() => stack?.stop());

  const decide = (body: Record<string, unknown>, token = operator) =>
    stack.call('POST', '/v1/decisions', token, { organisationId: bank.id, operation: 'lookup', purpose: 'account-opening', fields: ['fullName'], citizenId: c.granted, ...body });
  const codes = (r: Reply) => r.body.reasons.map((x: { code: string }) => x.code);

  it('allows consented, licensed fields under the consent, masks what the licence says, and explains every other field', async () => {
    const res = await decide({ fields: ['fullName', 'idNumber', 'dateOfBirth', 'religion', 'sex', 'shoeSize'] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      decision: 'allow',
      allowedFields: ['fullName', 'idNumber'],
      deniedFields: [
        { field: 'dateOfBirth', reasonCode: 'FIELD_NOT_CONSENTED' },
        { field: 'religion', reasonCode: 'SENSITIVE_FIELD_NOT_NAMED' },
        { field: 'sex', reasonCode: 'FIELD_NOT_LICENSED' },
        { field: 'shoeSize', reasonCode: 'FIELD_UNKNOWN' },
      ],
      obligations: [{ field: 'idNumber', kind: 'mask' }],
      basis: 'consent',
      licenceId: bankLicence,
      licenceVersion: 1,
      consentId: expect.any(String),
      policyVersion: `${bankLicence}@1+r1`,
      auditEventId: expect.any(String),
    });
    expect(codes(res)).toEqual(['CONSENT_GRANTED', 'FIELD_NOT_CONSENTED', 'SENSITIVE_FIELD_NOT_NAMED', 'FIELD_NOT_LICENSED', 'FIELD_UNKNOWN']);
    for (const reason of res.body.reasons) expect(reason.text).toEqual(expect.any(String));
    expect(JSON.stringify(res.body)).not.toContain(c.granted);

    const verify = await decide({ operation: 'verify', fields: ['fullName', 'idNumber'] });
    expect(verify.body.obligations).toEqual([{ field: 'fullName', kind: 'match-only' }, { field: 'idNumber', kind: 'match-only' }]);
  });

  it.each([
    ['no consent', { citizenId: c.none }, 'CONSENT_MISSING'],
    ['a paused consent', { citizenId: c.paused }, 'CONSENT_PAUSED'],
    ['a consent without the operation', { citizenId: c.verifyOnly }, 'OPERATION_NOT_CONSENTED'],
    ['a purpose the licence lacks', { purpose: 'tax-filing' }, 'PURPOSE_NOT_LICENSED'],
    ['an operation the licence lacks', { operation: 'batch' }, 'OPERATION_NOT_LICENSED'],
  ])('denies on %s', async (_, change, code) => {
    const res = await decide(change);
    expect(res.body).toMatchObject({ decision: 'deny', allowedFields: [], deniedFields: [{ field: 'fullName', reasonCode: code }] });
    expect(codes(res)).toContain(code);
  });

  it.each([
    ['no licence', () => unlicensed.id, 'LICENCE_MISSING', 'none+r1'],
    ['an expired licence', () => expired.id, 'LICENCE_EXPIRED', /@1\+r1$/],
    ['a revoked licence', () => revoked.id, 'LICENCE_REVOKED', /@2\+r1$/],
  ])('denies an organisation with %s', async (_, org, code, policyVersion) => {
    const res = await decide({ organisationId: org() });
    expect(res.body).toMatchObject({ decision: 'deny', deniedFields: [{ field: 'fullName', reasonCode: code }] });
    expect(res.body.policyVersion).toMatch(policyVersion);
  });

  it('releases basic fields on a legal duty without consent, never sensitive ones', async () => {
    const res = await decide({ organisationId: agency.id, purpose: 'tax-filing', citizenId: c.none, fields: ['fullName', 'religion'] });
    expect(res.body).toMatchObject({
      decision: 'allow',
      allowedFields: ['fullName'],
      deniedFields: [{ field: 'religion', reasonCode: 'SENSITIVE_FIELD_NOT_NAMED' }],
      basis: 'legal-duty',
      consentId: null,
    });
    expect(codes(res)).toEqual(['LEGAL_DUTY', 'SENSITIVE_FIELD_NOT_NAMED', 'CONSENT_MISSING']);
    const event = (await queuedAuditEvents(stack.engines[0])).find((e) => e.eventId === res.body.auditEventId);
    expect(event?.legalBasis).toEqual({ kind: 'legal-duty', reference: 'Law on Tax Administration 2019, art. 30' });
  });

  it("always allows the citizen's own access", async () => {
    const res = await decide({ organisationId: unlicensed.id, subject: 'citizen-self', fields: ['religion', 'fullName'] });
    expect(res.body).toMatchObject({ decision: 'allow', allowedFields: ['religion', 'fullName'], basis: 'citizen-self' });
    expect(codes(res)).toEqual(['CITIZEN_SELF_ACCESS']);
  });

  it('follows the consent registry at once: allowed after approval, denied right after revocation (via its API)', async () => {
    const request = await stack.callConsent('POST', '/v1/consent-requests', bank.apiKey, {
      citizenId: c.viaApi,
      purpose: 'account-opening',
      fields: ['fullName', 'dateOfBirth'],
      operations: ['lookup'],
      validTo: new Date(Date.now() + 86_400_000 * 30).toISOString(),
      dataLifeDays: 30,
    });
    expect(request.status).toBe(201);
    const consentId = request.body.consentId;
    expect(codes(await decide({ citizenId: c.viaApi }))).toEqual(['CONSENT_PENDING']);
    const citizen = tokenFor('citizen', c.viaApi);
    expect((await stack.callConsent('POST', `/v1/me/consents/${consentId}/approve`, citizen, { fields: ['fullName'] })).status).toBe(200);
    const allowed = await decide({ citizenId: c.viaApi, fields: ['fullName', 'dateOfBirth'] });
    expect(allowed.body).toMatchObject({ decision: 'allow', allowedFields: ['fullName'], consentId, deniedFields: [{ field: 'dateOfBirth', reasonCode: 'FIELD_NOT_CONSENTED' }] });
    expect((await stack.callConsent('POST', `/v1/me/consents/${consentId}/revoke`, citizen, {})).status).toBe(200);
    const denied = await decide({ citizenId: c.viaApi });
    expect(denied.body).toMatchObject({ decision: 'deny', deniedFields: [{ field: 'fullName', reasonCode: 'CONSENT_REVOKED' }] });
  });

  it('logs every decision, allow or deny, as an audit event of the shared shape, naming the citizen only by pseudonym', async () => {
    const allow = await decide({ fields: ['fullName', 'religion'] });
    const deny = await decide({ citizenId: c.none, fields: ['fullName', 'dateOfBirth', 'shoeSize'] });
    const events = await queuedAuditEvents(stack.engines[0]);
    const byId = new Map(events.map((e) => [e.eventId, e]));
    const a = byId.get(allow.body.auditEventId);
    expect(Object.keys(a ?? {}).sort()).toEqual(
      ['actor', 'citizenPseudonym', 'decision', 'eventId', 'fee', 'fields', 'legalBasis', 'occurredAt', 'operation', 'organisationId', 'purpose', 'reasonCode', 'requestId'].sort(),
    );
    expect(a).toMatchObject({
      operation: 'decision',
      organisationId: bank.id,
      purpose: 'account-opening',
      decision: 'allow',
      reasonCode: 'CONSENT_GRANTED',
      fields: ['fullName'],
      fee: null,
      legalBasis: { kind: 'consent', consentId: allow.body.consentId },
      citizenPseudonym: pseudonymOf(c.granted),
      occurredAt: allow.body.decidedAt,
      requestId: allow.headers.get('x-request-id'),
      actor: { role: 'operator', subject: OPERATOR_ACCOUNT },
    });
    expect(byId.get(deny.body.auditEventId)).toMatchObject({
      decision: 'deny',
      reasonCode: 'CONSENT_MISSING',
      fields: ['fullName', 'dateOfBirth'],
      legalBasis: { kind: 'consent', consentId: null },
    });
    expect(JSON.stringify(events)).not.toContain(c.granted);
    expect(JSON.stringify(events)).not.toContain(c.none);
  });

  it('names the regulator who asked as the actor of the audit event, not the organisation asked about', async () => {
    const res = await decide({ fields: ['fullName'] }, staffToken('regulator', REGULATOR_ACCOUNT));
    expect(res.status).toBe(200);
    const event = (await queuedAuditEvents(stack.engines[0])).find((e) => e.eventId === res.body.auditEventId);
    expect(event).toMatchObject({ operation: 'decision', organisationId: bank.id, actor: { role: 'regulator', subject: REGULATOR_ACCOUNT } });
  });

  it('gives no decision to an account the audit log could not name as the actor, and logs nothing', async () => {
    const res = await decide({}, staffToken('operator', 'ops-desk-1'));
    expect(res.status).toBe(403);
    expect(res.body.type).toContain('actor-not-recordable');
    const requestId = res.headers.get('x-request-id');
    expect((await queuedAuditEvents(stack.engines[0])).filter((e) => e.requestId === requestId)).toEqual([]);
  });

  it('lets operators and regulators ask, not citizens', async () => {
    expect((await decide({}, tokenFor('citizen', c.granted))).status).toBe(403);
    expect((await decide({}, tokenFor('regulator'))).status).toBe(200);
    expect((await stack.call('POST', '/v1/decisions', undefined, {})).status).toBe(401);
  });

  it.each([
    ['a malformed ID number', { citizenId: '12345' }, 'citizenId'],
    ['an ID number with an unknown province', { citizenId: '003090012345' }, 'citizenId'],
    ['a missing citizen', { citizenId: undefined }, 'citizenId'],
    ['an unknown operation', { operation: 'delete' }, 'operation'],
    ['no fields', { fields: [] }, 'fields'],
    ['fields not a list', { fields: 'fullName' }, 'fields'],
    ['a malformed purpose', { purpose: 'Account Opening' }, 'purpose'],
    ['a malformed organisation id', { organisationId: 'bank' }, 'organisationId'],
    ['a malformed API key id', { apiKeyId: 'key-1' }, 'apiKeyId'],
    ['an unknown subject', { subject: 'robot' }, 'subject'],
    ['an unknown property', { verbose: true }, 'verbose'],
  ])('rejects %s with a 400 naming the field, deciding and logging nothing', async (_, change, field) => {
    const res = await decide(change);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(errorFields(res)).toContain(field);
    // No ID number echoed back. The request id is left out: a random UUID's last group is 12
    // digits about once in 280 requests, which made this test fail now and then.
    const { requestId: _requestId, ...echoed } = res.body as Record<string, unknown>;
    expect(JSON.stringify(echoed)).not.toMatch(/\d{12}/);
    // Nothing logged for this request. (Not a count of the queue: the consent registry's cursor
    // adds its own events to the same queue whenever it ticks, which made a count flaky.)
    const requestId = res.headers.get('x-request-id');
    expect(requestId).toEqual(expect.any(String));
    expect((await queuedAuditEvents(stack.engines[0])).filter((e) => e.requestId === requestId)).toEqual([]);
  });
});

// Every decision must reach the audit log, so one that cannot be queued is not given (503). On
// Redis a queue connection used to hold its commands while the server was away, so the request
// hung for the whole outage instead. Only a queue on Redis can be cut here; this part runs
// wherever REDIS_URL is set (CI: .ci/run sets it).
const onRedis = process.env['REDIS_URL'] !== undefined;
if (onRedis) describe('policy decisions while Redis is away', () => {
  let stack: PolicyStack;
  let proxy: TcpProxy;
  let engine: RunningService;
  let organisationId: string;
  const operator = tokenFor('operator');

  beforeAll(async () => {
    stack = await startPolicyStack();
    await seedPurposes(stack, ['account-opening']);
    organisationId = (await seedOrganisation(stack, 'Unlicensed Shop')).id;
    const redisUrl = process.env['REDIS_URL'] as string;
    proxy = await TcpProxy.start(redisUrl);
    engine = await startTestService(policyEngineService, stack.db.url, { REDIS_URL: proxy.urlFor(redisUrl) });
  });
  afterAll(async () => {
    await engine?.app.close();
    await proxy?.stop();
    await stack?.stop();
  });

  const decide = () =>
    stack.call('POST', '/v1/decisions', operator, { organisationId, operation: 'verify', purpose: 'account-opening', fields: ['fullName'], citizenId: citizenId(1) }, engine);

  it('answers 503 audit-unavailable at once, and decides again once Redis is back', async () => {
    expect((await decide()).status).toBe(200);
    await proxy.cut();
    let away = true;
    try {
      const started = Date.now();
      const refused = await decide();
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(refused.status).toBe(503);
      expect(refused.body).toMatchObject({ status: 503, type: 'https://consentry.dev/problems/audit-unavailable' });
      await proxy.restore();
      away = false;
      await waitFor(async () => (await decide()).status === 200, 30_000, 'a decision after Redis returned');
    } finally {
      if (away) await proxy.restore();
    }
  });
});
