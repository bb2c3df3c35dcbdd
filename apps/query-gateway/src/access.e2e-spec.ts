import { validateAuditEvent } from '@consentry/audit-domain';
import { encodeIdNumber, idNumberCurrentYear } from '@consentry/population-domain';
import { waitFor } from '@consentry/shared-testing';
import { GatewayStack, Org, tokenFor } from './gateway-fixtures';

const FIELDS = ['fullName', 'dateOfBirth', 'sex', 'permanentResidence', 'religion', 'taxNumber'];
const THIS_YEAR = idNumberCurrentYear(new Date());
const BORN_NEXT_YEAR = encodeIdNumber({ provinceCode: '079', sex: 'female', birthYear: THIS_YEAR + 1, serial: 4242 });
const BORN_THIS_YEAR = encodeIdNumber({ provinceCode: '079', sex: 'female', birthYear: THIS_YEAR, serial: 4242 });

describe('enterprise API: verifications and lookups', () => {
  let s: GatewayStack;
  let bank: Org;
  let broke: Org;
  let ministry: Org;
  let unlicensed: Org;

  beforeAll(async () => {
    s = await GatewayStack.start({ ENUMERATION_DAILY_LIMIT: '3' });
    bank = await s.organisation('Bank');
    broke = await s.organisation('Broke Bank');
    ministry = await s.organisation('Ministry', 'state-agency', ['verify', 'lookup']);
    unlicensed = await s.organisation('Shop', 'enterprise', ['verify']);
    const grants = [{ purposeCode: 'account-opening', operations: ['verify', 'lookup', 'batch'], fields: FIELDS, obligations: { taxNumber: 'mask' } }];
    await s.licence(bank, { grants });
    await s.licence(broke, { grants });
    await s.licence(ministry, {
      organisationKind: 'state-agency', legalBasis: 'legal-duty', legalReference: 'Law on Residence 2020, art. 5',
      grants: [{ purposeCode: 'account-opening', operations: ['verify', 'lookup'], fields: ['fullName', 'dateOfBirth'] }],
    });
    await s.topUp(bank, '1000000');
    await s.grantConsent(bank, s.citizens[0], ['fullName', 'dateOfBirth', 'religion', 'taxNumber']);
    await s.grantConsent(broke, s.citizens[0], ['fullName']);
  });
  afterAll(() => s?.stop());

  const verify = (org: Org, citizen: number, claims: Record<string, unknown>, headers?: Record<string, string>) =>
    s.call('POST', '/v1/verifications', org.key, { citizenId: s.citizens[citizen].idNumber, purpose: 'account-opening', claims }, headers);

  it('verifies claims field by field, charges SPDC01 per field and references the audit event', async () => {
    const before = await s.balance(bank);
    const c = s.citizens[0];
    const res = await verify(bank, 0, { fullName: c.fullName.toUpperCase(), dateOfBirth: '1900-01-01' });
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual({ fullName: 'match', dateOfBirth: 'no_match' });
    expect(res.body.charge).toMatchObject({ product: 'SPDC01', units: 2, amountVnd: '2000', fields: ['fullName', 'dateOfBirth'] });
    expect(res.body.audit.eventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(res.body)).not.toContain(c.dateOfBirth);
    expect(await s.balance(bank)).toBe(before - 2000n);
    const [row] = await s.sql(`SELECT decision, amount_vnd::text, audit_event_id FROM gateway.requests WHERE id = $1`, [res.body.requestId]);
    expect(row).toEqual({ decision: 'allow', amount_vnd: '2000', audit_event_id: res.body.audit.eventId });
    await waitFor(async () => (await s.sql(`SELECT delivered_at FROM gateway.audit_outbox WHERE event_id = $1`, [res.body.audit.eventId]))[0]?.delivered_at, 10_000, 'the relay');
    // One field matched: not a no-match for the monitor. A claim matching nothing is.
    const payloadOf = async (eventId: string) => (await s.sql(`SELECT payload FROM gateway.audit_outbox WHERE event_id = $1`, [eventId]))[0].payload;
    expect((await payloadOf(res.body.audit.eventId)).noMatch).toBeUndefined();
    const none = await verify(bank, 0, { fullName: 'Nobody At All', dateOfBirth: '1900-01-01' });
    expect(none.body.results).toEqual({ fullName: 'no_match', dateOfBirth: 'no_match' });
    expect(await payloadOf(none.body.audit.eventId)).toMatchObject({ noMatch: true, fields: ['fullName', 'dateOfBirth'] });
  });

  it('looks up only allowed fields, masks where the licence says, and reports the rest as denied', async () => {
    const c = s.citizens[0];
    const res = await s.call('POST', '/v1/lookups', bank.key, { citizenId: c.idNumber, purpose: 'account-opening', fields: ['fullName', 'taxNumber', 'permanentResidence'] });
    expect(res.status).toBe(200);
    expect(res.body.data.fullName).toBe(c.fullName);
    expect(res.body.masked).toEqual(c.taxNumber ? ['taxNumber'] : []);
    if (c.taxNumber) expect(res.body.data.taxNumber).toMatch(/^\*+\d{1,3}$/);
    expect(res.body.data.permanentResidence).toBeUndefined();
    expect(res.body.deniedFields).toEqual([{ field: 'permanentResidence', reasonCode: 'FIELD_NOT_CONSENTED' }]);
    expect(res.body.charge).toMatchObject({ product: 'SPDC04', units: 2, amountVnd: '2000' });
    // The fields charged: the two answered (one of them masked), not the one denied.
    expect([...res.body.charge.fields].sort()).toEqual(['fullName', 'taxNumber']);
  });

  it('denies without consent: 403 with the reason, audited, not charged', async () => {
    const before = await s.balance(bank);
    const res = await verify(bank, 1, { fullName: 'X' });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toMatchObject({ type: 'https://consentry.dev/problems/access-denied', reasonCode: 'CONSENT_MISSING' });
    expect(await s.balance(bank)).toBe(before);
    const [row] = await s.sql(`SELECT decision, charge_id FROM gateway.requests WHERE id = $1`, [res.body.requestId]);
    expect(row).toEqual({ decision: 'deny', charge_id: null });
    expect((await s.sql(`SELECT count(*)::int AS n FROM gateway.audit_outbox WHERE event_id = $1`, [res.body.audit.eventId]))[0].n).toBe(1);
  });

  it('refuses from the next request on once the citizen revokes', async () => {
    const id = await s.grantConsent(bank, s.citizens[3], ['fullName']);
    expect((await verify(bank, 3, { fullName: 'X' })).status).toBe(200);
    const revoked = await s.callConsent('POST', `/v1/me/consents/${id}/revoke`, tokenFor('citizen', s.citizens[3].idNumber), {});
    expect(revoked.status).toBe(200);
    const after = await verify(bank, 3, { fullName: 'X' });
    expect(after.status).toBe(403);
    expect(after.body.reasonCode).toBe('CONSENT_REVOKED');
  });

  it('refuses a suspended organisation at once, and serves it again when lifted', async () => {
    const sus = await s.callPolicy('POST', '/v1/suspensions', s.regulator, { target: 'organisation', organisationId: bank.id, reason: 'Investigation 42' });
    expect(sus.status).toBe(201);
    expect((await verify(bank, 0, { fullName: 'X' })).body.reasonCode).toBe('ORGANISATION_SUSPENDED');
    expect((await s.callPolicy('POST', `/v1/suspensions/${sus.body.id}/lift`, s.regulator, { reason: 'Cleared' })).status).toBe(200);
    expect((await verify(bank, 0, { fullName: 'X' })).status).toBe(200);
  });

  it('honours an Idempotency-Key: the same response again without a second charge; another body is refused', async () => {
    const headers = { 'Idempotency-Key': 'order-0001-abc' };
    const before = await s.balance(bank);
    const first = await verify(bank, 0, { fullName: 'A' }, headers);
    const again = await verify(bank, 0, { fullName: 'A' }, headers);
    expect(again.status).toBe(first.status);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await s.balance(bank)).toBe(before - 1000n);
    const other = await verify(bank, 0, { fullName: 'B' }, headers);
    expect(other.status).toBe(422);
    expect(other.body.type).toBe('https://consentry.dev/problems/idempotency-key-reused');
    expect((await verify(bank, 0, { fullName: 'A' }, { 'Idempotency-Key': 'x' })).body.errors[0].field).toBe('Idempotency-Key');
  });

  it.each([
    ['a malformed ID number', { citizenId: '12345', purpose: 'account-opening', claims: { fullName: 'x' } }, 'citizenId'],
    ['an ID number born after the current year', { citizenId: BORN_NEXT_YEAR, purpose: 'account-opening', claims: { fullName: 'x' } }, 'citizenId'],
    ['an unknown field', { citizenId: '', purpose: 'account-opening', claims: { shoeSize: 42 } }, 'claims.shoeSize'],
    ['an unknown purpose', { citizenId: '', purpose: 'marketing', claims: { fullName: 'x' } }, 'purpose'],
    ['no claims', { citizenId: '', purpose: 'account-opening', claims: {} }, 'claims'],
    ['a wrong type', { citizenId: 12, purpose: 'account-opening', claims: { fullName: 'x' } }, 'citizenId'],
    ['an unknown property', { citizenId: '', purpose: 'account-opening', claims: { fullName: 'x' }, extra: 1 }, 'extra'],
    ['claims that are not an object', { citizenId: '', purpose: 'account-opening', claims: ['fullName'] }, 'claims'],
    ['a claim that is neither text nor a number', { citizenId: '', purpose: 'account-opening', claims: { fullName: { $ne: '' } } }, 'claims.fullName'],
    ['an over-long purpose', { citizenId: '', purpose: 'p'.repeat(65), claims: { fullName: 'x' } }, 'purpose'],
    ['a body that is not an object', ['account-opening'], 'body'],
  ])('refuses %s with a 400 naming the field, audited and not charged', async (_, body, field) => {
    const payload = Array.isArray(body) ? body : { ...body, citizenId: body.citizenId === '' ? s.citizens[0].idNumber : body.citizenId };
    const before = await s.balance(bank);
    const rejectedBefore = (await s.sql(`SELECT count(*)::int AS n FROM gateway.requests WHERE decision = 'rejected'`))[0].n;
    const res = await s.call('POST', '/v1/verifications', bank.key, payload);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await s.balance(bank)).toBe(before);
    const rejectedAfter = (await s.sql(`SELECT count(*)::int AS n FROM gateway.requests WHERE decision = 'rejected'`))[0].n;
    // Every refused body is audited as rejected, a wrong shape as much as a wrong value.
    expect(rejectedAfter).toBe(rejectedBefore + 1);
    expect(JSON.stringify(res.body)).not.toContain(s.citizens[0].idNumber);
    expect(JSON.stringify(res.body)).not.toContain(BORN_NEXT_YEAR);
  });

  it('refuses a lookup of an ID number born after the current year with a 400 naming it; one born this year is answered', async () => {
    const future = await s.call('POST', '/v1/lookups', ministry.key, { citizenId: BORN_NEXT_YEAR, purpose: 'account-opening', fields: ['fullName'] });
    expect([future.status, future.body.errors]).toEqual([400, [{ field: 'citizenId', message: expect.stringContaining('after the current year') }]]);
    // Nobody has this number: a verification under legal duty answers no_match, a lookup 404.
    const verified = await s.call('POST', '/v1/verifications', ministry.key, { citizenId: BORN_THIS_YEAR, purpose: 'account-opening', claims: { fullName: 'x' } });
    expect([verified.status, verified.body.results]).toEqual([200, { fullName: 'no_match' }]);
    const looked = await s.call('POST', '/v1/lookups', ministry.key, { citizenId: BORN_THIS_YEAR, purpose: 'account-opening', fields: ['fullName'] });
    expect(looked.status).toBe(404);
  });

  it('refuses a body that is not JSON with a 400 naming the body, audited and not charged, on each write', async () => {
    const raw = async (path: string, body: string, key = bank.key) => {
      const res = await fetch(s.gateway.url + path, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body });
      return { status: res.status, body: (await res.json()) as { errors?: { field: string; message: string }[] } };
    };
    const rejected = async () => (await s.sql(`SELECT count(*)::int AS n FROM gateway.requests WHERE decision = 'rejected' AND organisation_id = $1`, [bank.id]))[0].n;
    const citizenId = s.citizens[0].idNumber;
    const before = { balance: await s.balance(bank), rejected: await rejected() };
    const cases: [string, string, string][] = [
      ['/v1/verifications', `{"citizenId":"${citizenId}","purpose":"account-opening","claims":{"fullName":"A"`, 'is not valid JSON'],
      ['/v1/verifications', '', 'is empty'],
      // Prototype poisoning is refused as Fastify refuses it, and now audited.
      ['/v1/verifications', `{"citizenId":"${citizenId}","purpose":"account-opening","claims":{"fullName":"A"},"__proto__":{"admin":true}}`, 'is not valid JSON'],
      ['/v1/lookups', `{"citizenId":"${citizenId}",`, 'is not valid JSON'],
      ['/v1/verifications/batch', `{"items":[{"citizenId":"${citizenId}"}`, 'is not valid JSON'],
    ];
    for (const [path, body, message] of cases) {
      const res = await raw(path, body);
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field: 'body', message }]);
      // The bytes sent are not echoed: they may hold an ID number.
      expect(JSON.stringify(res.body)).not.toContain(citizenId);
    }
    expect(await rejected()).toBe(before.rejected + cases.length);
    expect(await s.balance(bank)).toBe(before.balance);
    // Each refused attempt's event is one the audit log takes: these bodies name no purpose, and
    // an empty one would be rejected by the log; so would one with a control character.
    const controlled = await s.call('POST', '/v1/verifications', bank.key, { citizenId, purpose: 'kyc\n', claims: { fullName: 'A' } });
    expect(controlled.status).toBe(400);
    const events = await s.sql(
      `SELECT o.payload FROM gateway.requests r JOIN gateway.audit_outbox o ON o.event_id = r.audit_event_id
        WHERE r.organisation_id = $1 AND r.decision = 'rejected' ORDER BY r.created_at DESC LIMIT $2`,
      [bank.id, cases.length + 1],
    );
    expect(events).toHaveLength(cases.length + 1);
    for (const { payload } of events) expect(validateAuditEvent(payload)).toMatchObject({ ok: true });
    expect(events.map((e: { payload: { purpose: string } }) => e.payload.purpose).sort()).toEqual(['(none)', '(none)', '(none)', '(none)', '(none)', 'kyc\uFFFD']);
    // Without a valid key nothing is audited: there is no organisation to audit it under.
    expect((await raw('/v1/verifications', '{', 'ck_live_unknown')).status).toBe(401);
    // Other routes keep Fastify's own answer.
    const other = await raw('/v1/id-numbers/validate', '{');
    expect(other.status).toBe(400);
    expect(other.body.errors).toBeUndefined();
    expect(await rejected()).toBe(before.rejected + cases.length + 1);
  });

  it('refuses a batch over 1,000 items and reports a mixed batch item by item', async () => {
    const item = { citizenId: s.citizens[0].idNumber, purpose: 'account-opening', claims: { fullName: 'x' } };
    const rejected = async () =>
      (await s.sql(`SELECT count(*)::int AS n, count(batch_id)::int AS in_batches, count(charge_id)::int AS charged FROM gateway.requests WHERE decision = 'rejected' AND organisation_id = $1`, [bank.id]))[0];
    const before = await rejected();
    const big = await s.call('POST', '/v1/verifications/batch', bank.key, { items: Array.from({ length: 1001 }, () => item) });
    expect(big.status).toBe(400);
    expect(big.body.errors[0].field).toBe('items');
    // The refused batch is audited once, as a rejected attempt of that batch.
    expect(await rejected()).toEqual({ n: before.n + 1, in_batches: before.in_batches + 1, charged: before.charged });
    const mixed = await s.call('POST', '/v1/verifications/batch', bank.key, {
      items: [item, { ...item, citizenId: '000000000000' }, { ...item, citizenId: s.citizens[5].idNumber }, { ...item, claims: 'fullName' }, null],
    });
    expect(mixed.status).toBe(200);
    expect(mixed.body.items.map((i: { status: number }) => i.status)).toEqual([200, 400, 403, 400, 400]);
    expect(mixed.body.items[0].result.charge.units).toBe(1);
    expect(mixed.body.items[1].problem.errors[0].field).toBe('citizenId');
    // A badly shaped item fails alone, named in its own problem.
    expect(mixed.body.items[3].problem.errors).toEqual([{ field: 'claims', message: expect.any(String) }]);
    expect(mixed.body.items[4].problem.errors[0].field).toBe('body');
    // Each refused item is audited, none charged.
    expect(await rejected()).toEqual({ n: before.n + 4, in_batches: before.in_batches + 4, charged: before.charged });
  });

  it('honours an Idempotency-Key on a batch: answered items come back uncharged, unanswered ones are answered, another body is refused', async () => {
    // Balance for one verification of one field: the batch's second item is refused (402), which stores nothing.
    const retry = await s.organisation('Retry Bank');
    await s.licence(retry, { grants: [{ purposeCode: 'account-opening', operations: ['verify', 'batch'], fields: FIELDS }] });
    await s.grantConsent(retry, s.citizens[0], ['fullName']);
    await s.grantConsent(retry, s.citizens[1], ['fullName']);
    await s.topUp(retry, '1000');
    const body = { items: [0, 1].map((n) => ({ citizenId: s.citizens[n].idNumber, purpose: 'account-opening', claims: { fullName: s.citizens[n].fullName } })) };
    const headers = { 'Idempotency-Key': 'batch-0001-abc' };
    const charges = async () => (await s.sql(`SELECT count(*)::int AS n FROM gateway.requests WHERE organisation_id = $1 AND charge_id IS NOT NULL`, [retry.id]))[0].n;

    const first = await s.call('POST', '/v1/verifications/batch', retry.key, body, headers);
    expect(first.status).toBe(200);
    expect(first.body.items.map((i: { status: number }) => i.status)).toEqual([200, 402]);
    expect(first.body.replayed).toBeUndefined();
    expect(await s.balance(retry)).toBe(0n);

    // The same batch again, after a top-up: the first item is given back as it was, not charged
    // again; the second, unanswered before, is answered and charged now, in the same batch.
    await s.topUp(retry, '1000');
    const again = await s.call('POST', '/v1/verifications/batch', retry.key, body, headers);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ batchId: first.body.batchId, replayed: true });
    expect(again.body.items.map((i: { status: number }) => i.status)).toEqual([200, 200]);
    expect(again.body.items[0].result).toEqual(first.body.items[0].result);
    expect(await s.balance(retry)).toBe(0n);
    expect(await charges()).toBe(2);

    // Once more: both given back, nothing charged.
    const third = await s.call('POST', '/v1/verifications/batch', retry.key, body, headers);
    expect(third.body.items.map((i: { result: { requestId: string } }) => i.result.requestId)).toEqual(again.body.items.map((i: { result: { requestId: string } }) => i.result.requestId));
    expect(await charges()).toBe(2);
    const [batchRows] = await s.sql(`SELECT count(DISTINCT batch_id)::int AS batches FROM gateway.requests WHERE organisation_id = $1 AND decision = 'allow'`, [retry.id]);
    expect(batchRows.batches).toBe(1);

    // The key with another body, or on a single verification, is refused and charges nothing.
    const other = await s.call('POST', '/v1/verifications/batch', retry.key, { items: [body.items[1]] }, headers);
    expect(other.status).toBe(422);
    expect(other.body.type).toBe('https://consentry.dev/problems/idempotency-key-reused');
    expect((await verify(retry, 0, { fullName: 'x' }, headers)).status).toBe(422);
    // A body that is not a batch does not take the key: corrected, it may be sent with a new key as usual.
    const bad = await s.call('POST', '/v1/verifications/batch', retry.key, { items: [] }, { 'Idempotency-Key': 'batch-0002-abc' });
    expect(bad.status).toBe(400);
    expect((await s.sql(`SELECT count(*)::int AS n FROM gateway.idempotency_keys WHERE organisation_id = $1 AND key LIKE 'batch-0002-abc%'`, [retry.id]))[0].n).toBe(0);
    expect(await charges()).toBe(2);
  });

  it('charges each item once when the same batch and key are sent twice at the same time', async () => {
    const twin = await s.organisation('Twin Bank');
    await s.licence(twin, { grants: [{ purposeCode: 'account-opening', operations: ['verify', 'batch'], fields: FIELDS }] });
    for (const n of [0, 1, 2]) await s.grantConsent(twin, s.citizens[n], ['fullName']);
    await s.topUp(twin, '100000');
    const body = { items: [0, 1, 2, 0].map((n) => ({ citizenId: s.citizens[n].idNumber, purpose: 'account-opening', claims: { fullName: s.citizens[n].fullName } })) };
    const headers = { 'Idempotency-Key': 'twin-batch-0001' };
    const [a, b] = await Promise.all([0, 1].map(() => s.call('POST', '/v1/verifications/batch', twin.key, body, headers)));
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(b.body.batchId).toBe(a.body.batchId);
    // One of them took the key; the other is its replay, item by item.
    expect([a.body.replayed, b.body.replayed].filter(Boolean)).toEqual([true]);
    const ids = (r: typeof a) => r.body.items.map((i: { status: number; result: { requestId: string } }) => `${i.status} ${i.result.requestId}`);
    expect(ids(b)).toEqual(ids(a));
    const [rows] = await s.sql(
      `SELECT count(*)::int AS answered, count(DISTINCT charge_id)::int AS charges, count(DISTINCT audit_event_id)::int AS events FROM gateway.requests WHERE organisation_id = $1 AND decision = 'allow'`,
      [twin.id],
    );
    expect(rows).toEqual({ answered: 4, charges: 4, events: 4 });
    expect(await s.balance(twin)).toBe(100000n - 4n * 1000n);
  });

  it('documents the bodies it checks itself in its OpenAPI document', async () => {
    const doc = (await s.call('GET', '/docs/json')).body;
    const bodyOf = (path: string) => doc.paths[path].post.requestBody.content['application/json'].schema.$ref.split('/').pop();
    expect([bodyOf('/v1/verifications'), bodyOf('/v1/lookups'), bodyOf('/v1/verifications/batch')]).toEqual(['VerificationDto', 'LookupDto', 'VerificationBatchDto']);
    const schemas = doc.components.schemas;
    expect(schemas.VerificationDto.required).toEqual(['citizenId', 'purpose', 'claims']);
    expect(schemas.VerificationDto.properties.citizenId.maxLength).toBe(32);
    expect(schemas.LookupDto.properties.fields).toMatchObject({ type: 'array', maxItems: 32, items: { type: 'string' } });
    expect(schemas.VerificationBatchDto.properties.items).toMatchObject({ minItems: 1, maxItems: 1000 });
    // ...and the bodies it answers.
    const answerOf = (path: string, method = 'post') => doc.paths[path][method].responses['200'].content['application/json'].schema.$ref.split('/').pop();
    expect([answerOf('/v1/verifications'), answerOf('/v1/lookups'), answerOf('/v1/verifications/batch'), answerOf('/v1/usage', 'get'), answerOf('/v1/balance', 'get'), answerOf('/v1/access-log', 'get')]).toEqual([
      'VerificationAnswerView',
      'LookupAnswerView',
      'BatchAnswerView',
      'UsageView',
      'BalanceView',
      'AccessLogPageView',
    ]);
    expect(schemas.VerificationAnswerView.required).toEqual(expect.arrayContaining(['requestId', 'decision', 'results', 'deniedFields', 'charge', 'audit', 'policyVersion']));
    expect(schemas.ChargeView.required).toEqual(['chargeId', 'product', 'units', 'amountVnd', 'scheduleVersion', 'fields']);
    // Nothing answered goes undocumented (a fee-exempt state agency's answers: the charge carries its exemption).
    const undocumented = (body: Record<string, unknown>, schema: string) => Object.keys(body).filter((key) => !(key in schemas[schema].properties));
    const verified = (await verify(ministry, 7, { fullName: 'x' })).body;
    const looked = (await s.call('POST', '/v1/lookups', ministry.key, { citizenId: s.citizens[7].idNumber, purpose: 'account-opening', fields: ['fullName'] })).body;
    expect(verified.charge.exemption).toEqual(expect.any(String));
    expect([undocumented(verified, 'VerificationAnswerView'), undocumented(looked, 'LookupAnswerView'), undocumented(verified.charge, 'ChargeView')]).toEqual([[], [], []]);
    // Its refusals too: each listed as problem+json with the gateway's problem schema, and no
    // key of a real one (a denial, a balance too low, an unknown citizen, a reused
    // Idempotency-Key, bad input) missing from it.
    const problemOf = (path: string, code: string) =>
      Object.entries(doc.paths[path].post.responses[code].content as Record<string, { schema: { $ref: string } }>).map(([media, { schema }]) => `${media} ${schema.$ref.split('/').pop()}`);
    expect(['402', '403', '404', '422', '429'].map((code) => problemOf('/v1/lookups', code))).toEqual(Array(5).fill(['application/problem+json AccessProblemView']));
    expect([problemOf('/v1/verifications', '400'), problemOf('/v1/verifications', 'default')]).toEqual([['application/problem+json ProblemView'], ['application/problem+json ProblemView']]);
    expect(schemas.BatchItemView.properties.problem.allOf[0].$ref).toBe('#/components/schemas/AccessProblemView');
    const reused = { 'Idempotency-Key': 'docs-0001-abc' };
    await verify(unlicensed, 0, { fullName: 'x' }, reused);
    const refusals = [
      await verify(unlicensed, 1, { fullName: 'x' }),
      await verify(broke, 0, { fullName: 'x' }),
      await s.call('POST', '/v1/lookups', ministry.key, { citizenId: BORN_THIS_YEAR, purpose: 'account-opening', fields: ['fullName'] }),
      await verify(unlicensed, 0, { fullName: 'y' }, reused),
      await verify(bank, 0, { nickname: 'x' }),
    ];
    expect(refusals.map((r) => r.status)).toEqual([403, 402, 404, 422, 400]);
    const documentedAs = ['AccessProblemView', 'AccessProblemView', 'AccessProblemView', 'AccessProblemView', 'ProblemView'];
    expect(refusals.map((r, i) => undocumented(r.body, documentedAs[i]))).toEqual([[], [], [], [], []]);
    expect(refusals[0].body.reasons.flatMap((reason: object) => undocumented(reason as Record<string, unknown>, 'DecisionReasonView'))).toEqual([]);
    expect(undocumented(refusals[4].body.errors[0], 'FieldErrorView')).toEqual([]);
  });

  it('refuses when the prepaid balance would go negative (402), charging nothing', async () => {
    const res = await verify(broke, 0, { fullName: 'x' });
    expect(res.status).toBe(402);
    expect(res.body.type).toBe('https://consentry.dev/problems/insufficient-balance');
    expect(await s.balance(broke)).toBe(0n);
  });

  it('lets a state agency verify under its legal duty without consent, exempt from the fee', async () => {
    const res = await verify(ministry, 7, { fullName: s.citizens[7].fullName });
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual({ fullName: 'match' });
    expect(res.body.charge.amountVnd).toBe('0');
  });

  it('stops an organisation that fishes for citizens without consent (enumeration guard)', async () => {
    const fisher = await s.organisation('Fisher');
    await s.licence(fisher, { grants: [{ purposeCode: 'account-opening', operations: ['verify'], fields: ['fullName'] }] });
    const statuses = [];
    for (const i of [8, 9, 10, 11]) statuses.push((await verify(fisher, i, { fullName: 'x' })).status);
    expect(statuses).toEqual([403, 403, 403, 429]);
    const blocked = await verify(fisher, 11, { fullName: 'x' });
    expect(blocked.status).toBe(429);
    expect(blocked.body.type).toBe('https://consentry.dev/problems/enumeration-guard');
    // Past the limit every attempt without consent is stopped for the rest of the day.
    expect((await verify(fisher, 8, { fullName: 'x' })).status).toBe(429);
    const rows = await s.sql(`SELECT count(DISTINCT citizen_pseudonym)::int AS n FROM gateway.unconsented_touches WHERE organisation_id = $1`, [fisher.id]);
    expect(rows[0].n).toBe(4);
    expect((await verify(unlicensed, 8, { fullName: 'x' })).body.reasonCode).toBe('LICENCE_MISSING');
  });

  it('marks in the audit event an organisation walking through neighbouring ID numbers, whatever the answer', async () => {
    const scanner = await s.organisation('Scanner');
    await s.licence(scanner, { grants: [{ purposeCode: 'account-opening', operations: ['verify'], fields: ['fullName'] }] });
    const events: string[] = [];
    for (const citizenId of ['001090123400', '001090123401', '001090123403', '079199000001']) {
      const res = await s.call('POST', '/v1/verifications', scanner.key, { citizenId, purpose: 'account-opening', claims: { fullName: 'x' } });
      expect([403, 429]).toContain(res.status); // no consent; then the enumeration guard
      events.push(res.body.audit.eventId);
    }
    const payloads = await Promise.all(events.map(async (e) => (await s.sql(`SELECT payload FROM gateway.audit_outbox WHERE event_id = $1`, [e]))[0].payload));
    expect(payloads.map((p) => p.sequentialId)).toEqual([undefined, true, true, undefined]);
    // The ID numbers themselves never reach the event.
    expect(JSON.stringify(payloads)).not.toContain('001090123401');
  });

  it('refuses a revoked API key from the next request on', async () => {
    const temp = await s.organisation('Temp');
    expect((await s.call('GET', '/v1/balance', temp.key)).status).toBe(200);
    await s.sql(`UPDATE identity.api_keys SET revoked_at = now() WHERE id = $1`, [temp.keyId]);
    expect((await s.call('GET', '/v1/balance', temp.key)).status).toBe(401);
  });

  it("shows an organisation its own access history and denials, and nobody else's", async () => {
    const log = await s.call('GET', '/v1/access-log?limit=5', bank.key);
    expect(log.status).toBe(200);
    expect(log.body.items).toHaveLength(5);
    expect(log.body.nextCursor).toEqual(expect.any(String));
    // Nothing but the entry: no citizen, not even by pseudonym, and not the cursor's own column.
    expect(Object.keys(log.body.items[0]).sort()).toEqual(['amountVnd', 'auditEventId', 'createdAt', 'decision', 'fields', 'operation', 'product', 'purpose', 'reasonCode', 'requestId', 'units']);
    const denials = await s.call('GET', '/v1/access-log?decision=deny', bank.key);
    expect(denials.body.items.every((i: { decision: string }) => i.decision === 'deny')).toBe(true);
    expect(denials.body.items.length).toBeGreaterThan(0);
    const other = await s.call('GET', '/v1/access-log', ministry.key);
    const bankIds = new Set((await s.call('GET', '/v1/access-log?limit=500', bank.key)).body.items.map((i: { requestId: string }) => i.requestId));
    expect(other.body.items.some((i: { requestId: string }) => bankIds.has(i.requestId))).toBe(false);
    expect((await s.call('GET', '/v1/access-log?decision=maybe', bank.key)).body.errors[0].field).toBe('decision');
    // Requests answered together share created_at: seven refused attempts of an organisation of
    // its own, made to tie, then paged by two.
    const pager = await s.organisation('Paging Bank');
    for (let i = 0; i < 7; i++) expect((await s.call('POST', '/v1/verifications', pager.key, { citizenId: 'not-an-id', purpose: 'x', claims: {} })).status).toBe(400);
    await s.sql(`UPDATE gateway.requests SET created_at = '2026-03-10T01:00:00.123456Z' WHERE organisation_id = $1`, [pager.id]);
    const all = (await s.call('GET', '/v1/access-log?limit=500', pager.key)).body.items.map((i: { requestId: string }) => i.requestId);
    expect(all).toHaveLength(7);
    const paged: string[] = [];
    for (let cursor: string | null = null, pages = 0; pages === 0 || cursor; pages++) {
      const res: { status: number; body: { items: { requestId: string }[]; nextCursor: string | null } } = await s.call('GET', `/v1/access-log?limit=2${cursor ? `&cursor=${cursor}` : ''}`, pager.key);
      expect(res.status).toBe(200);
      paged.push(...res.body.items.map((i) => i.requestId));
      cursor = res.body.nextCursor;
    }
    expect(paged).toEqual(all);
    expect(new Set(paged).size).toBe(all.length);
    for (const cursor of ['x', Buffer.from(JSON.stringify(['2026-02-30T00:00:00.000000Z', all[0]])).toString('base64url')]) {
      const res = await s.call('GET', `/v1/access-log?cursor=${cursor}`, pager.key);
      expect([res.status, res.body.errors]).toEqual([400, [{ field: 'cursor', message: 'is not a cursor from this list' }]]);
    }
    for (const before of ['2026-W10-2', '20260310', '2026-03-10T08', '2026-03-10T08:00:00']) {
      const res = await s.call('GET', `/v1/access-log?before=${before}`, bank.key);
      expect({ before, status: res.status, errors: res.body.errors?.map((e: { field: string }) => e.field) }).toEqual({ before, status: 400, errors: ['before'] });
    }
  });

  it('reports usage by day, purpose and product, and the balance', async () => {
    const usage = await s.call('GET', '/v1/usage', bank.key);
    expect(usage.status).toBe(200);
    const products = usage.body.rows.map((r: { product: string }) => r.product).sort();
    expect(products).toEqual(['SPDC01', 'SPDC04']);
    expect((await s.call('GET', '/v1/usage?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', bank.key)).body.errors[0].field).toBe('from');
    // Forms Date.parse reads as NaN (a 500 before), a date that does not exist, and a time
    // without a zone (read in the server's zone before): 400 naming the parameter.
    for (const [query, field] of [['from=2026-W10-2', 'from'], ['from=2026-069', 'from'], ['to=20260310', 'to'], ['to=2026-03-10T08', 'to'], ['from=2026-02-30T00:00:00Z', 'from'], ['from=2026-03-01T00:00:00', 'from']]) {
      const res = await s.call('GET', `/v1/usage?${query}`, bank.key);
      expect({ query, status: res.status, type: res.headers.get('content-type'), errors: res.body.errors }).toEqual({
        query, status: 400, type: expect.stringContaining('application/problem+json'), errors: [{ field, message: expect.stringContaining('time zone') }],
      });
    }
    expect((await s.call('GET', '/v1/usage?from=2026-03-01T00:00:00%2B07:00&to=2026-03-02T00:00:00%2B07:00', bank.key)).status).toBe(200);
    // The balance with its daily quota (null: this organisation has none).
    expect((await s.call('GET', '/v1/balance', bank.key)).body).toEqual({ balanceVnd: expect.stringMatching(/^\d+$/), currency: 'VND', quota: null });
  });
});

describe('rate limits', () => {
  let s: GatewayStack;
  let org: Org;
  beforeAll(async () => {
    s = await GatewayStack.start({ RATE_LIMIT_PER_KEY: '3' });
    org = await s.organisation('Busy');
  });
  afterAll(() => s?.stop());

  it('answers 429 with Retry-After past the per-key limit', async () => {
    const body = { citizenId: s.citizens[0].idNumber, purpose: 'account-opening', claims: { fullName: 'x' } };
    const replies = await Promise.all(Array.from({ length: 20 }, () => s.call('POST', '/v1/verifications', org.key, body)));
    const limited = replies.filter((r) => r.status === 429);
    // 3 a second: the 20 concurrent checks (counted together when they share a round trip) let
    // 3 through, or 6 if they straddle a second.
    expect(20 - limited.length).toBeGreaterThanOrEqual(3);
    expect(20 - limited.length).toBeLessThanOrEqual(6);
    expect(limited[0].headers.get('retry-after')).toBe('1');
    expect(limited[0].body.type).toBe('https://consentry.dev/problems/rate-limited');
  });
});
