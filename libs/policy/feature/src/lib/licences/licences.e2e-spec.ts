import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PolicyReader } from '../policy-reader.service';
import {
  PolicyStack,
  SeededOrganisation,
  errorFields,
  licenceBody,
  seedOrganisation,
  seedPurposes,
  startPolicyStack,
  tokenFor,
} from '../testing/policy-e2e.fixture';

describe('licences: versioned by effective date', () => {
  let stack: PolicyStack;
  let bank: SeededOrganisation;
  let agency: SeededOrganisation;
  const operator = tokenFor('operator');
  const regulator = tokenFor('regulator');

  beforeAll(async () => {
    stack = await startPolicyStack();
    await seedPurposes(stack, ['account-opening', 'tax-filing']);
    bank = await seedOrganisation(stack, 'Licence Bank');
    agency = await seedOrganisation(stack, 'Licence Agency', 'state-agency');
  });
  afterAll(() => stack?.stop());

  const create = (body: Record<string, unknown>, token = operator) => stack.call('POST', '/v1/licences', token, body);

  it('issues version 1, in force now, with the organisation named and the policy version it yields', async () => {
    const res = await create(licenceBody(bank.id, { note: 'onboarding' }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ organisation: { id: bank.id, name: 'Licence Bank' }, latestVersion: 1 });
    expect(res.body.versions).toHaveLength(1);
    expect(res.body.current).toMatchObject({ version: 1, inForce: true, effectiveTo: null, status: 'active', note: 'onboarding', createdBy: { role: 'operator' } });
    expect(res.body.current.policyVersion).toBe(`${res.body.id}@1+r1`);
    expect(res.body.current.grants[0]).toEqual({ purposeCode: 'account-opening', operations: ['verify', 'lookup'], fields: ['fullName', 'dateOfBirth', 'religion'], obligations: {} });
  });

  it('adds a version with a future effective date without touching the one in force, and switches at that date', async () => {
    const v1 = (await create(licenceBody(bank.id))).body;
    const effectiveFrom = new Date(Date.now() + 3_600_000).toISOString();
    const res = await stack.call('POST', `/v1/licences/${v1.id}/versions`, operator, {
      effectiveFrom,
      grants: [{ purposeCode: 'account-opening', operations: ['verify'], fields: ['fullName'], obligations: { fullName: 'match-only' } }],
      note: 'narrowed after review',
    });
    expect(res.status).toBe(201);
    const [first, second] = res.body.versions;
    expect(first).toEqual({ ...v1.versions[0], effectiveTo: effectiveFrom });
    expect(second).toMatchObject({ version: 2, effectiveFrom, effectiveTo: null, inForce: false, legalReference: v1.current.legalReference });
    expect(res.body.current.version).toBe(1);

    // The reader the gateway uses picks the version by the instant asked.
    const reader = new PolicyReader();
    const ds = stack.engines[0].app.get<DataSource>(getDataSourceToken());
    const before = await reader.forRequest(ds, bank.id, null, 'account-opening', new Date(Date.parse(effectiveFrom) - 1));
    const after = await reader.forRequest(ds, bank.id, null, 'account-opening', new Date(effectiveFrom));
    expect(before.licence?.grants[0].fields).toContain('religion');
    expect(after.licence).toMatchObject({ id: v1.id, version: 2 });
    expect(after.policyVersion).toBe(`${v1.id}@2+r1`);
    // The gateway's single-query read gives the same inputs at both instants.
    for (const [at, separate] of [[new Date(Date.parse(effectiveFrom) - 1), before], [new Date(effectiveFrom), after]] as const) {
      expect(await reader.forRequestWithConsent(ds, bank.id, null, 'account-opening', 'f'.repeat(64), at)).toEqual({ ...separate, consent: undefined });
    }
    // Both reads keep one parsed document per version: a fresh reader hands out the same object.
    const fresh = new PolicyReader();
    const viaOneQuery = (await fresh.forRequestWithConsent(ds, bank.id, null, 'account-opening', 'f'.repeat(64), new Date(effectiveFrom))).licence;
    expect(viaOneQuery).toEqual(after.licence);
    expect((await fresh.forRequest(ds, bank.id, null, 'account-opening', new Date(effectiveFrom))).licence).toBe(viaOneQuery);
    expect(Object.isFrozen(viaOneQuery)).toBe(true);
    // And for several requests in that one query (concurrent requests): the same answers, in order.
    const ask = (organisationId: string, at: Date) => ({ organisationId, apiKeyId: null, purposeCode: 'account-opening', citizenPseudonym: 'f'.repeat(64), now: at });
    const instants = [new Date(Date.parse(effectiveFrom) - 1), new Date(effectiveFrom)];
    expect(await reader.forRequestsWithConsent(ds, [ask(bank.id, instants[1]), ask('not-a-uuid', instants[0]), ask(bank.id, instants[0])])).toEqual([
      { ...after, consent: undefined },
      await reader.forRequestWithConsent(ds, 'not-a-uuid', null, 'account-opening', 'f'.repeat(64), instants[0]),
      { ...before, consent: undefined },
    ]);

    // Version 1 is unchanged in the database, and the database refuses to change it.
    const [row] = await stack.sql(`SELECT licence FROM policy.licence_versions WHERE licence_id = $1 AND version = 1`, [v1.id]);
    expect(row.licence.grants[0].fields).toEqual(['fullName', 'dateOfBirth', 'religion']);
    await expect(stack.sql(`UPDATE policy.licence_versions SET note = 'x' WHERE licence_id = $1`, [v1.id])).rejects.toThrow(/append-only/);
    await expect(stack.sql(`DELETE FROM policy.licence_versions WHERE licence_id = $1`, [v1.id])).rejects.toThrow(/append-only/);

    // A version cannot be slipped in before the one scheduled.
    const early = await stack.call('POST', `/v1/licences/${v1.id}/versions`, operator, { status: 'revoked' });
    expect(early.status).toBe(400);
    expect(errorFields(early)).toEqual(['effectiveFrom']);
  });

  it('revokes with a new version taking effect now', async () => {
    const v1 = (await create(licenceBody(bank.id))).body;
    const res = await stack.call('POST', `/v1/licences/${v1.id}/versions`, operator, { status: 'revoked', note: 'contract ended' });
    expect(res.status).toBe(201);
    expect(res.body.current).toMatchObject({ version: 2, status: 'revoked', inForce: true });
    expect(res.body.versions[0].inForce).toBe(false);
  });

  it('lists licences of one organisation, paginated, each with the version in force', async () => {
    for (let i = 0; i < 3; i++) await create(licenceBody(agency.id, { organisationKind: 'state-agency', legalBasis: 'legal-duty', legalReference: `Decree ${i}/2025` }));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: { items: { id: string; organisation: { id: string }; current: { legalBasis: string } }[]; nextCursor: string | null } } =
        await stack.call('GET', `/v1/licences?organisationId=${agency.id}&limit=2${cursor ? `&cursor=${cursor}` : ''}`, regulator);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      for (const l of res.body.items) {
        expect(l.organisation.id).toBe(agency.id);
        expect(l.current.legalBasis).toBe('legal-duty');
        seen.push(l.id);
      }
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(3);
    expect(new Set(seen).size).toBe(3);
    const detail = await stack.call('GET', `/v1/licences/${seen[0]}`, regulator);
    expect(detail.status).toBe(200);
    expect(detail.body.versions).toHaveLength(1);
  });

  it('lets operators manage licences and regulators read them; citizens neither', async () => {
    const citizen = tokenFor('citizen', '079090000001');
    expect((await create(licenceBody(bank.id), citizen)).status).toBe(403);
    expect((await create(licenceBody(bank.id), regulator)).status).toBe(403);
    expect((await stack.call('POST', '/v1/licences', undefined, licenceBody(bank.id))).status).toBe(401);
    expect((await stack.call('GET', '/v1/licences', citizen)).status).toBe(403);
    expect((await stack.call('GET', '/v1/licences', regulator)).status).toBe(200);
    const id = (await create(licenceBody(bank.id))).body.id;
    expect((await stack.call('POST', `/v1/licences/${id}/versions`, regulator, { status: 'revoked' })).status).toBe(403);
  });

  it.each([
    ['a missing organisation', { organisationId: undefined }, 'organisationId'],
    ['an unknown organisation', { organisationId: '00000000-0000-4000-8000-000000000000' }, 'organisationId'],
    ['an unknown field', { grants: [{ purposeCode: 'account-opening', operations: ['verify'], fields: ['fullName', 'shoeSize'] }] }, 'grants.0.fields.1'],
    ['a purpose not in the catalogue', { grants: [{ purposeCode: 'marketing', operations: ['verify'], fields: ['fullName'] }] }, 'grants.0.purposeCode'],
    ['an unknown operation', { grants: [{ purposeCode: 'account-opening', operations: ['delete'], fields: ['fullName'] }] }, 'grants.0.operations'],
    ['an obligation on a field not granted', { grants: [{ purposeCode: 'account-opening', operations: ['lookup'], fields: ['fullName'], obligations: { idNumber: 'mask' } }] }, 'grants.0.obligations.idNumber'],
    ['a legal duty claimed by an enterprise', { legalBasis: 'legal-duty', legalReference: 'none' }, 'legalBasis'],
    ['an enterprise passed off as a state agency', { organisationKind: 'state-agency', legalBasis: 'legal-duty', legalReference: 'Decree 1/2025' }, 'organisationKind'],
    ['a validity ending before it starts', { validFrom: '2027-01-01T00:00:00Z', validTo: '2026-01-01T00:00:00Z' }, 'validTo'],
    ['a date without a zone', { validTo: '2027-01-01' }, 'validTo'],
    ['an effective date in the past', { effectiveFrom: '2020-01-01T00:00:00Z' }, 'effectiveFrom'],
    ['no grants', { grants: [] }, 'grants'],
    ['an unknown property', { admin: true }, 'admin'],
    ['an unknown status', { status: 'maybe' }, 'status'],
  ])('rejects %s with a 400 naming the field and writes nothing', async (_, change, field) => {
    const [{ n: before }] = await stack.sql(`SELECT count(*)::int AS n FROM policy.licence_versions`);
    const res = await create(licenceBody(bank.id, change));
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(errorFields(res)).toContain(field);
    const [{ n: after }] = await stack.sql(`SELECT count(*)::int AS n FROM policy.licence_versions`);
    expect(after).toBe(before);
  });

  it('rejects bad input to the version, list and read endpoints, and answers 404 for an unknown licence', async () => {
    const id = (await create(licenceBody(bank.id))).body.id;
    const bad = async (method: string, path: string, body: unknown, field: string) => {
      const res = await stack.call(method, path, operator, body);
      expect([res.status, errorFields(res)]).toEqual([400, expect.arrayContaining([field])]);
    };
    await bad('POST', `/v1/licences/${id}/versions`, { organisationId: id }, 'organisationId');
    await bad('POST', `/v1/licences/${id}/versions`, { validTo: 'tomorrow' }, 'validTo');
    await bad('POST', `/v1/licences/${id}/versions`, {}, 'body');
    await bad('POST', `/v1/licences/${id}/versions`, { grants: [{ purposeCode: 'tax-filing', operations: ['lookup'], fields: ['fullName', 'fullName'] }] }, 'grants.0.fields.1');
    await bad('POST', '/v1/licences/not-a-uuid/versions', { status: 'revoked' }, 'id');
    await bad('GET', '/v1/licences/not-a-uuid', undefined, 'id');
    await bad('GET', '/v1/licences?organisationId=nope', undefined, 'organisationId');
    await bad('GET', '/v1/licences?limit=0', undefined, 'limit');
    await bad('GET', '/v1/licences?cursor=garbage', undefined, 'cursor');
    const missing = await stack.call('GET', '/v1/licences/00000000-0000-4000-8000-000000000000', operator);
    expect([missing.status, missing.body.type]).toEqual([404, 'https://consentry.dev/problems/licence-not-found']);
    expect((await stack.call('POST', '/v1/licences/00000000-0000-4000-8000-000000000000/versions', operator, { status: 'revoked' })).status).toBe(404);
  });

  it('resolves a policy version to the licence version and rules it names', async () => {
    const created = (await create(licenceBody(bank.id))).body;
    const res = await stack.call('GET', `/v1/policy-versions/${encodeURIComponent(created.current.policyVersion)}`, regulator);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ licenceId: created.id, licence: { version: 1 }, rules: { version: 'r1' } });
    expect((await stack.call('GET', '/v1/policy-versions/none%2Br1', regulator)).body.licence).toBeNull();
    expect(errorFields(await stack.call('GET', '/v1/policy-versions/garbage', regulator))).toEqual(['policyVersion']);
    expect((await stack.call('GET', `/v1/policy-versions/${created.id}%409%2Br1`, regulator)).status).toBe(404);
  });

  it('documents every endpoint in OpenAPI', async () => {
    const doc = (await stack.call('GET', '/docs/json')).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/v1/licences',
        '/v1/licences/{id}',
        '/v1/licences/{id}/versions',
        '/v1/suspensions',
        '/v1/suspensions/{id}/lift',
        '/v1/decisions',
        '/v1/decisions/simulate',
        '/v1/access-map',
        '/v1/me/access-map',
        '/v1/policy-versions/{policyVersion}',
      ]),
    );
  });
});
