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

type Entry = { organisation: { id: string; name: string }; purpose: string; operations: string[]; basis: string; consentId: string | null; licence: { id: string; version: number } };

describe('access map: who may access a field of a citizen', () => {
  let stack: PolicyStack;
  const operator = tokenFor('operator');
  const regulator = tokenFor('regulator');
  const me = citizenId(31);
  const someoneElse = citizenId(32);
  /** organisation name -> what the map must say for fullName / religion (purpose -> operations). */
  const expected = { fullName: new Map<string, Record<string, string[]>>(), religion: new Map<string, Record<string, string[]>>() };
  const orgs = new Map<string, SeededOrganisation>();

  const licence = async (org: SeededOrganisation, overrides: Record<string, unknown>) => {
    const res = await stack.call('POST', '/v1/licences', operator, licenceBody(org.id, overrides));
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const duty = (purpose: string, fields: string[]) => ({
    organisationKind: 'state-agency',
    legalBasis: 'legal-duty',
    legalReference: 'Decree 13/2023, art. 17',
    grants: [{ purposeCode: purpose, operations: ['verify', 'lookup'], fields }],
  });
  const byConsent = (purpose: string, fields: string[], operations = ['verify', 'lookup']) => ({ grants: [{ purposeCode: purpose, operations, fields }] });
  const org = async (name: string, kind = 'enterprise') => {
    const o = await seedOrganisation(stack, name, kind);
    orgs.set(name, o);
    return o;
  };

  beforeAll(async () => {
    stack = await startPolicyStack();
    await seedPurposes(stack, ['tax-filing', 'account-opening', 'insurance-claim']);

    for (const name of ['Tax A', 'Tax B', 'Tax C']) {
      await licence(await org(name, 'state-agency'), duty('tax-filing', ['fullName', 'dateOfBirth']));
      expected.fullName.set(name, { 'tax-filing': ['verify', 'lookup'] });
    }
    await licence(await org('Tax D', 'state-agency'), duty('tax-filing', ['dateOfBirth']));
    const taxE = await org('Tax E', 'state-agency');
    await licence(taxE, duty('tax-filing', ['religion', 'dateOfBirth']));
    await seedConsent(stack, { citizen: me, organisationId: taxE.id, purpose: 'tax-filing', granted: ['religion'], operations: ['lookup'] });
    expected.religion.set('Tax E', { 'tax-filing': ['lookup'] });

    const consented = async (name: string, granted: string[], extra: Record<string, unknown> = {}, purposes = ['account-opening']) => {
      const o = await org(name);
      await licence(o, { grants: purposes.map((p) => ({ purposeCode: p, operations: ['verify', 'lookup'], fields: ['fullName', 'religion', 'dateOfBirth'] })) });
      for (const purpose of purposes) await seedConsent(stack, { citizen: me, organisationId: o.id, purpose, granted, ...extra });
      return o;
    };
    await consented('Bank 1', ['fullName', 'religion']);
    expected.fullName.set('Bank 1', { 'account-opening': ['verify', 'lookup'] });
    expected.religion.set('Bank 1', { 'account-opening': ['verify', 'lookup'] });
    await consented('Bank 2', ['dateOfBirth']);
    await consented('Bank 3', ['fullName'], { state: 'REVOKED' });
    await consented('Bank 4', ['fullName'], { validTo: new Date(Date.now() - 1000).toISOString(), validFrom: '2020-01-01T00:00:00Z' });
    await consented('Bank 5', ['fullName'], { operations: ['verify'] }, ['account-opening', 'insurance-claim']);
    expected.fullName.set('Bank 5', { 'account-opening': ['verify'], 'insurance-claim': ['verify'] });
    const b6 = await org('Bank 6');
    await licence(b6, byConsent('account-opening', ['fullName'], ['verify']));
    await seedConsent(stack, { citizen: me, organisationId: b6.id, purpose: 'account-opening', granted: ['fullName'], operations: ['lookup'] });
    const b7 = await org('Bank 7');
    await licence(b7, { ...byConsent('account-opening', ['fullName']), validFrom: '2020-01-01T00:00:00Z', validTo: '2021-01-01T00:00:00Z' });
    await seedConsent(stack, { citizen: me, organisationId: b7.id, purpose: 'account-opening', granted: ['fullName'] });
    const b8 = await org('Bank 8');
    await licence(b8, byConsent('account-opening', ['fullName']));
    await seedConsent(stack, { citizen: someoneElse, organisationId: b8.id, purpose: 'account-opening', granted: ['fullName'] });
    // Organisations with licence and consent, but suspended: enough of them that the map has to
    // read past whole batches of candidates that a decision would deny.
    for (let i = 0; i < 55; i++) {
      const o = await consented(`Suspended ${String(i).padStart(2, '0')}`, ['fullName']);
      expect((await stack.call('POST', '/v1/suspensions', regulator, { target: 'organisation', organisationId: o.id, reason: 'Bulk misuse' })).status).toBe(201);
    }
  }, 120_000);
  afterAll(() => stack?.stop());

  const walk = async (path: (cursor: string | null) => string, token: string) => {
    const items: Entry[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { status: number; body: { items: Entry[]; nextCursor: string | null; field: string; category: string } } = await stack.call('GET', path(cursor), token);
      expect(res.status).toBe(200);
      items.push(...res.body.items);
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    return { items, pages };
  };
  const summary = (items: Entry[]) => {
    const out = new Map<string, Record<string, string[]>>();
    for (const e of items) out.set(e.organisation.name, { ...out.get(e.organisation.name), [e.purpose]: e.operations });
    return out;
  };
  const sortKey = (e: Entry) => `${e.organisation.id}|${e.licence.id}|${e.purpose}`;

  it.each([
    ['fullName', 2],
    ['fullName', 1],
    ['religion', 1],
  ] as const)('lists every organisation that may access %s, and only those, across pages of %i', async (field, limit) => {
    const { items, pages } = await walk((c) => `/v1/access-map?citizenId=${me}&field=${field}&limit=${limit}${c ? `&cursor=${c}` : ''}`, regulator);
    expect(summary(items)).toEqual(expected[field]);
    expect(items.map(sortKey)).toEqual([...items.map(sortKey)].sort());
    expect(new Set(items.map(sortKey)).size).toBe(items.length);
    expect(pages).toBe(Math.max(1, Math.ceil(items.length / limit)));
  });

  it('says on what basis and under which licence', async () => {
    const { items } = await walk((c) => `/v1/access-map?citizenId=${me}&field=religion${c ? `&cursor=${c}` : ''}`, regulator);
    const taxE = items.find((e) => e.organisation.name === 'Tax E')!;
    expect(taxE).toMatchObject({ basis: 'consent', consentId: expect.any(String), licence: { version: 1, legalBasis: 'legal-duty', legalReference: 'Decree 13/2023, art. 17' } });
    const { items: names } = await walk((c) => `/v1/access-map?citizenId=${me}&field=fullName${c ? `&cursor=${c}` : ''}`, regulator);
    expect(names.find((e) => e.organisation.name === 'Tax A')).toMatchObject({ basis: 'legal-duty', consentId: null });
  });

  it('agrees with a real decision for every organisation', async () => {
    const { items } = await walk((c) => `/v1/access-map?citizenId=${me}&field=fullName&limit=200${c ? `&cursor=${c}` : ''}`, regulator);
    const listed = summary(items);
    for (const [name, o] of orgs) {
      for (const purpose of ['tax-filing', 'account-opening', 'insurance-claim']) {
        for (const operation of ['verify', 'lookup']) {
          const res = await stack.call('POST', '/v1/decisions', operator, { organisationId: o.id, operation, purpose, fields: ['fullName'], citizenId: me });
          const inMap = listed.get(name)?.[purpose]?.includes(operation) ?? false;
          expect([name, purpose, operation, res.body.decision]).toEqual([name, purpose, operation, inMap ? 'allow' : 'deny']);
        }
      }
    }
  }, 120_000);

  it('gives citizens the same map of their own data, and only theirs', async () => {
    const mine = await walk((c) => `/v1/me/access-map?field=fullName&limit=3${c ? `&cursor=${c}` : ''}`, tokenFor('citizen', me));
    expect(summary(mine.items)).toEqual(expected.fullName);
    const theirs = await walk(() => '/v1/me/access-map?field=fullName', tokenFor('citizen', someoneElse));
    expect([...summary(theirs.items).keys()].sort()).toEqual(['Bank 8', 'Tax A', 'Tax B', 'Tax C']);
  });

  it('is for regulators, and for citizens about themselves', async () => {
    expect((await stack.call('GET', `/v1/access-map?citizenId=${me}&field=fullName`, tokenFor('citizen', me))).status).toBe(403);
    expect((await stack.call('GET', `/v1/access-map?citizenId=${me}&field=fullName`, operator)).status).toBe(403);
    expect((await stack.call('GET', '/v1/me/access-map?field=fullName', regulator)).status).toBe(403);
    expect((await stack.call('GET', '/v1/me/access-map?field=fullName')).status).toBe(401);
  });

  it.each([
    ['a malformed ID number', '/v1/access-map?citizenId=12345&field=fullName', 'citizenId'],
    ['no citizen', '/v1/access-map?field=fullName', 'citizenId'],
    ['an unknown field', `/v1/access-map?citizenId=${me}&field=shoeSize`, 'field'],
    ['no field', `/v1/access-map?citizenId=${me}`, 'field'],
    ['a forged cursor', `/v1/access-map?citizenId=${me}&field=fullName&cursor=abc`, 'cursor'],
    ['a zero limit', `/v1/access-map?citizenId=${me}&field=fullName&limit=0`, 'limit'],
    ['a limit that is not a number', `/v1/access-map?citizenId=${me}&field=fullName&limit=many`, 'limit'],
    ['an unknown parameter', `/v1/access-map?citizenId=${me}&field=fullName&extra=1`, 'extra'],
  ])('rejects %s with a 400 naming the parameter', async (_, path, field) => {
    const res = await stack.call('GET', path, regulator);
    expect(res.status).toBe(400);
    expect(errorFields(res)).toContain(field);
    expect(JSON.stringify(res.body)).not.toContain(me);
  });

  it('rejects bad input to the citizen endpoint', async () => {
    const citizen = tokenFor('citizen', me);
    expect(errorFields(await stack.call('GET', '/v1/me/access-map?field=everything', citizen))).toEqual(['field']);
    expect(errorFields(await stack.call('GET', '/v1/me/access-map?field=fullName&cursor=bm9wZQ', citizen))).toEqual(['cursor']);
  });
});
