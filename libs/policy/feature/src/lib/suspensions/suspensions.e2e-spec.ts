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

describe('suspensions: in force on every replica at once', () => {
  let stack: PolicyStack;
  let bank: SeededOrganisation;
  const operator = tokenFor('operator');
  const regulator = tokenFor('regulator');
  const citizen = citizenId(11);

  beforeAll(async () => {
    stack = await startPolicyStack(2);
    await seedPurposes(stack, ['account-opening']);
    bank = await seedOrganisation(stack, 'Suspended Bank');
    expect((await stack.call('POST', '/v1/licences', operator, licenceBody(bank.id))).status).toBe(201);
    await seedConsent(stack, { citizen, organisationId: bank.id, purpose: 'account-opening', granted: ['fullName'] });
  });
  afterAll(() => stack?.stop());

  const [a, b] = [0, 1];
  const decide = (engine: number, apiKeyId?: string) =>
    stack.call('POST', '/v1/decisions', operator, {
      organisationId: bank.id,
      ...(apiKeyId ? { apiKeyId } : {}),
      operation: 'lookup',
      purpose: 'account-opening',
      fields: ['fullName'],
      citizenId: citizen,
    }, stack.engines[engine]);
  const suspend = (body: Record<string, unknown>, token = regulator, engine = a) => stack.call('POST', '/v1/suspensions', token, body, stack.engines[engine]);

  it('denies the next decision on the other replica as soon as the suspension returns, and allows again once lifted', async () => {
    expect((await decide(b)).body.decision).toBe('allow');
    const s = await suspend({ target: 'organisation', organisationId: bank.id, reason: 'Misuse under investigation' });
    expect(s.status).toBe(201);
    expect(s.body).toMatchObject({ target: 'organisation', organisation: { id: bank.id, name: 'Suspended Bank' }, active: true, lift: null, suspendedBy: { role: 'regulator' } });

    const denied = await decide(b);
    expect(denied.body).toMatchObject({ decision: 'deny', allowedFields: [], deniedFields: [{ field: 'fullName', reasonCode: 'ORGANISATION_SUSPENDED' }] });
    expect(denied.body.reasons[0]).toMatchObject({ code: 'ORGANISATION_SUSPENDED' });
    expect(denied.body.reasons[0].text).toContain(s.body.id);

    const lifted = await stack.call('POST', `/v1/suspensions/${s.body.id}/lift`, regulator, { reason: 'Case closed' }, stack.engines[b]);
    expect(lifted.status).toBe(200);
    expect(lifted.body).toMatchObject({ active: false, lift: { reason: 'Case closed', liftedBy: { role: 'regulator' } } });
    expect((await decide(a)).body.decision).toBe('allow');
  });

  it('suspends one API key: requests with it are denied, the organisation otherwise is not', async () => {
    const s = await suspend({ target: 'api-key', organisationId: bank.id, apiKeyId: bank.apiKeyId, reason: 'Key leaked' }, operator);
    expect(s.status).toBe(201);
    expect(s.body).toMatchObject({ target: 'api-key', apiKeyId: bank.apiKeyId });
    expect((await decide(b, bank.apiKeyId)).body.deniedFields[0].reasonCode).toBe('ORGANISATION_SUSPENDED');
    expect((await decide(b)).body.decision).toBe('allow');
    expect((await decide(b, '00000000-0000-4000-8000-000000000001')).body.decision).toBe('allow');
    // An operator's suspension can be lifted by an operator.
    expect((await stack.call('POST', `/v1/suspensions/${s.body.id}/lift`, operator, {})).status).toBe(200);
    expect((await decide(a, bank.apiKeyId)).body.decision).toBe('allow');
  });

  it("keeps the regulator's suspension for the regulator to lift, and a lift is final", async () => {
    const s = (await suspend({ target: 'organisation', organisationId: bank.id, reason: 'Enforcement order 7' })).body;
    const byOperator = await stack.call('POST', `/v1/suspensions/${s.id}/lift`, operator, {});
    expect([byOperator.status, byOperator.body.type]).toEqual([403, 'https://consentry.dev/problems/suspension-by-regulator']);
    expect((await decide(b)).body.decision).toBe('deny');
    expect((await stack.call('POST', `/v1/suspensions/${s.id}/lift`, regulator, {})).status).toBe(200);
    const again = await stack.call('POST', `/v1/suspensions/${s.id}/lift`, regulator, {});
    expect([again.status, again.body.type]).toEqual([409, 'https://consentry.dev/problems/suspension-already-lifted']);
  });

  it('lists suspensions in force or lifted with who and why, and never rewrites the history', async () => {
    const live = (await suspend({ target: 'organisation', organisationId: bank.id, reason: 'Still open' })).body;
    const active = await stack.call('GET', '/v1/suspensions?active=true', regulator);
    expect(active.status).toBe(200);
    expect(active.body.items.map((s: { id: string }) => s.id)).toEqual([live.id]);
    const lifted = await stack.call('GET', `/v1/suspensions?active=false&organisationId=${bank.id}`, operator);
    expect(lifted.body.items).toHaveLength(3);
    for (const s of lifted.body.items) expect(s.lift).toMatchObject({ liftedAt: expect.any(String), liftedBy: { accountId: expect.any(String) } });

    const pages: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await stack.call('GET', `/v1/suspensions?limit=1${cursor ? `&cursor=${cursor}` : ''}`, regulator);
      pages.push(...page.body.items.map((s) => s.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(pages).toHaveLength(4);
    expect(new Set(pages).size).toBe(4);

    await expect(stack.sql(`DELETE FROM policy.suspensions WHERE id = $1`, [live.id])).rejects.toThrow(/append-only/);
    await expect(stack.sql(`UPDATE policy.suspension_lifts SET reason = 'edited'`)).rejects.toThrow(/append-only/);
    await stack.call('POST', `/v1/suspensions/${live.id}/lift`, regulator, {});
  });

  it('lets regulators and operators suspend, not citizens', async () => {
    const body = { target: 'organisation', organisationId: bank.id, reason: 'Role check' };
    expect((await suspend(body, tokenFor('citizen', citizen))).status).toBe(403);
    expect((await stack.call('GET', '/v1/suspensions', tokenFor('citizen', citizen))).status).toBe(403);
    expect((await stack.call('POST', '/v1/suspensions', undefined, body)).status).toBe(401);
    const s = await suspend(body, regulator);
    expect(s.status).toBe(201);
    expect((await stack.call('POST', `/v1/suspensions/${s.body.id}/lift`, tokenFor('citizen', citizen), {})).status).toBe(403);
    await stack.call('POST', `/v1/suspensions/${s.body.id}/lift`, regulator, {});
  });

  it.each([
    ['an unknown target', { target: 'person' }, 'target'],
    ['an API-key suspension without the key', { target: 'api-key' }, 'apiKeyId'],
    ['an organisation suspension naming a key', { apiKeyId: '00000000-0000-4000-8000-000000000001' }, 'apiKeyId'],
    ['a missing reason', { reason: undefined }, 'reason'],
    ['a malformed organisation id', { organisationId: 'bank' }, 'organisationId'],
    ['an unknown organisation', { organisationId: '00000000-0000-4000-8000-000000000000' }, 'organisationId'],
    ['an unknown property', { severity: 'high' }, 'severity'],
  ])('rejects %s with a 400 naming the field', async (_, change, field) => {
    const res = await suspend({ target: 'organisation', organisationId: bank.id, reason: 'Bad input check', ...change });
    expect(res.status).toBe(400);
    expect(errorFields(res)).toContain(field);
  });

  it("refuses to suspend another organisation's key under this one, which would stop that organisation unnamed", async () => {
    const other = await seedOrganisation(stack, 'Other Bank');
    const res = await suspend({ target: 'api-key', organisationId: bank.id, apiKeyId: other.apiKeyId, reason: 'Wrong organisation' }, operator);
    expect(res.status).toBe(400);
    expect(errorFields(res)).toEqual(['apiKeyId']);
    const listed = await stack.call('GET', `/v1/suspensions?organisationId=${bank.id}&active=true`, operator);
    expect(listed.body.items.filter((i: { apiKeyId?: string }) => i.apiKeyId === other.apiKeyId)).toEqual([]);
  });

  it('rejects bad input to lift and list, and answers 404 for an unknown suspension', async () => {
    expect(errorFields(await stack.call('POST', '/v1/suspensions/nope/lift', regulator, {}))).toEqual(['id']);
    expect(errorFields(await stack.call('POST', '/v1/suspensions/00000000-0000-4000-8000-000000000000/lift', regulator, { reason: 1 }))).toContain('reason');
    expect(errorFields(await stack.call('GET', '/v1/suspensions?active=yes', regulator))).toEqual(['active']);
    expect(errorFields(await stack.call('GET', '/v1/suspensions?cursor=zzz', regulator))).toEqual(['cursor']);
    expect(errorFields(await stack.call('GET', '/v1/suspensions?limit=1000', regulator))).toEqual(['limit']);
    const missing = await stack.call('POST', '/v1/suspensions/00000000-0000-4000-8000-000000000000/lift', regulator, {});
    expect([missing.status, missing.body.type]).toEqual([404, 'https://consentry.dev/problems/suspension-not-found']);
  });
});
