import { auditEventFixture } from './audit-event.fixture';
import { UNSTATED_PURPOSE, auditablePurpose, validateAuditEvent } from './audit-event.validation';
import { buildAuditLeaf, decodeAuditLeaf, leafNamesCitizen, openPersonal } from './audit-leaf.util';
import { canonicalJson } from './canonical-json.util';
import { leafHash } from './merkle-hash.util';

const valid = (input: unknown) => {
  const result = validateAuditEvent(input);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.event;
};
const errorsOf = (input: unknown) => {
  const result = validateAuditEvent(input);
  return result.ok ? [] : result.errors.map((e) => e.field);
};
const salt = Buffer.alloc(16, 9);

describe('canonical JSON', () => {
  it('sorts keys, drops undefined members, has no white space', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: undefined, é: { z: 0, y: '"' } })).toBe('{"a":[true,null,"x"],"b":1,"é":{"y":"\\"","z":0}}');
  });

  it('refuses floats and non-plain objects', () => {
    expect(() => canonicalJson({ amount: 1.5 })).toThrow(TypeError);
    expect(() => canonicalJson(new Date() as never)).toThrow(TypeError);
  });
});

describe('validateAuditEvent', () => {
  it('takes the purpose of any attempt once made auditable, and refuses it raw when empty or with control characters', () => {
    for (const raw of ['', 'kyc\n', '\u0000', 'x'.repeat(200)]) {
      expect(errorsOf(auditEventFixture({ purpose: raw }))).toEqual(['purpose']);
      expect(errorsOf(auditEventFixture({ purpose: auditablePurpose(raw) }))).toEqual([]);
    }
    expect(auditablePurpose('')).toBe(UNSTATED_PURPOSE);
    expect(auditablePurpose('kyc\n')).toBe('kyc\uFFFD');
    expect(auditablePurpose('account-opening')).toBe('account-opening');
  });

  it('normalises timestamps and fee amounts', () => {
    const event = valid(auditEventFixture({ occurredAt: '2026-03-01T15:15:00+07:00', fee: { product: 'p', amountVnd: '12000', scheduleVersion: 'v1' } }));
    expect(event.occurredAt).toBe('2026-03-01T08:15:00.000Z');
    expect(event.fee).toEqual({ product: 'p', amountVnd: '12000', scheduleVersion: 'v1' });
    expect(valid(auditEventFixture()).fee?.amountVnd).toBe('3000');
  });

  it('refuses instants the database cannot store (year 0, or outside 0001-9999 in UTC), so they are rejected alone', () => {
    expect(errorsOf(auditEventFixture({ occurredAt: '0000-01-01T00:00Z' }))).toEqual(['occurredAt']);
    expect(errorsOf(auditEventFixture({ occurredAt: '0001-01-01T05:00+07:00' }))).toEqual(['occurredAt']);
    expect(errorsOf(auditEventFixture({ disclosureAfter: '0001-01-01' }))).toEqual(['disclosureAfter']);
    expect(valid(auditEventFixture({ occurredAt: '0001-01-01T00:00Z' })).occurredAt).toBe('0001-01-01T00:00:00.000Z');
    expect(valid(auditEventFixture({ occurredAt: '9999-12-31T23:59:59Z' })).occurredAt).toBe('9999-12-31T23:59:59.000Z');
  });

  it('reads a disclosure date as the start of that day in Vietnam', () => {
    expect(valid(auditEventFixture({ disclosureAfter: '2026-06-30' })).disclosureAfter).toBe('2026-06-29T17:00:00.000Z');
    expect(errorsOf(auditEventFixture({ disclosureAfter: '2026-02-30' }))).toEqual(['disclosureAfter']);
  });

  it('refuses a raw ID number where the pseudonym belongs, and fractional fees', () => {
    expect(errorsOf(auditEventFixture({ citizenPseudonym: '001090012345' }))).toEqual(['citizenPseudonym']);
    expect(errorsOf(auditEventFixture({ fee: { product: 'p', amountVnd: 10.5, scheduleVersion: 'v' } }))).toEqual(['fee']);
    expect(errorsOf(auditEventFixture({ fee: { product: 'p', amountVnd: '1e3', scheduleVersion: 'v' } }))).toEqual(['fee']);
  });

  it('names every bad field and unknown member', () => {
    expect(errorsOf({ ...auditEventFixture({ eventId: 'x', operation: 'delete' as never, fields: ['a', 'a'] }), extra: 1 })).toEqual([
      'eventId',
      'operation',
      'fields',
      'extra',
    ]);
    expect(errorsOf(null)).toEqual(['event']);
  });

  it('accepts noMatch as a boolean on accesses only, and keeps it only when true', () => {
    expect(valid({ ...auditEventFixture(), noMatch: true }).noMatch).toBe(true);
    expect(valid({ ...auditEventFixture(), noMatch: false })).not.toHaveProperty('noMatch');
    expect(errorsOf({ ...auditEventFixture(), noMatch: 'yes' })).toEqual(['noMatch']);
    expect(errorsOf({ ...auditEventFixture({ operation: 'consent-change' }), noMatch: true })).toEqual(['noMatch']);
  });

  describe('actor (who asked a decision, when not the organisation)', () => {
    const STAFF = '5f0c2b7e-1d3a-4c8e-9b6f-2a4d6e8f0a1c';
    const decision = (actor: unknown) => ({ ...auditEventFixture({ operation: 'decision', fee: null }), actor });

    it('takes a staff role and account id on a decision, lowercased, and leaves it out when absent', () => {
      expect(valid(decision({ role: 'regulator', subject: STAFF })).actor).toEqual({ role: 'regulator', subject: STAFF });
      expect(valid(decision({ role: 'operator', subject: STAFF.toUpperCase() })).actor).toEqual({ role: 'operator', subject: STAFF });
      expect(valid(auditEventFixture({ operation: 'decision', fee: null }))).not.toHaveProperty('actor');
    });

    it('refuses it on anything but a decision: accesses and consent changes are the organisation\'s own', () => {
      for (const operation of ['verify', 'lookup', 'batch', 'consent-change'] as const) {
        expect(errorsOf({ ...auditEventFixture({ operation }), actor: { role: 'operator', subject: STAFF } })).toEqual(['actor']);
      }
    });

    const polluted = JSON.parse(`{"role":"operator","subject":"${STAFF}","__proto__":{"isAdmin":true}}`);
    const inherited = Object.assign(Object.create({ subject: STAFF }), { role: 'operator', extra: 1 });
    it.each([
      ['null', null],
      ['the string form', `operator:${STAFF}`],
      ['a list', ['operator', STAFF]],
      ['a number', 1],
      ['an empty object', {}],
      ['a citizen', { role: 'citizen', subject: STAFF }],
      ['the organisation as role', { role: 'organisation', subject: STAFF }],
      ['a role in capitals', { role: 'Operator', subject: STAFF }],
      ['no subject', { role: 'operator' }],
      ['no role', { subject: STAFF }],
      ['a numeric subject', { role: 'operator', subject: 123 }],
      ['a raw ID number as subject', { role: 'operator', subject: '001090012345' }],
      ['a login name as subject', { role: 'operator', subject: 'nguyen.van.a' }],
      ['an e-mail as subject', { role: 'operator', subject: 'a@b.vn' }],
      ['a UUID and a newline', { role: 'operator', subject: `${STAFF}\n` }],
      ['a UUID with spaces', { role: 'operator', subject: ` ${STAFF}` }],
      ['a UUID and more', { role: 'operator', subject: `${STAFF}-0` }],
      ['a UUID of fullwidth digits', { role: 'operator', subject: STAFF.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))) }],
      ['a megabyte subject', { role: 'operator', subject: 'a'.repeat(1 << 20) }],
      ['a name beside them', { role: 'operator', subject: STAFF, name: 'Nguyen Van A' }],
      ['a __proto__ member', polluted],
      ['a subject only inherited', inherited],
    ])('refuses %s as the actor, naming only that field', (_, actor) => {
      expect(errorsOf(decision(actor))).toEqual(['actor']);
    });
  });
});

describe('audit leaves', () => {
  const key = Buffer.alloc(32, 5);
  const nonce = Buffer.alloc(12, 6);

  it('are deterministic canonical bytes whose hash is the RFC 9162 leaf hash', () => {
    const a = buildAuditLeaf(valid(auditEventFixture()), { subjectSalt: salt });
    const b = buildAuditLeaf(valid({ ...auditEventFixture(), fields: ['fullName', 'dateOfBirth'] }), { subjectSalt: salt });
    expect(a.bytes).toEqual(b.bytes);
    expect(a.hash).toEqual(leafHash(a.bytes));
    expect(decodeAuditLeaf(a.bytes)).toEqual(a.leaf);
  });

  it('name the citizen only through a salted commitment', () => {
    const pseudonym = 'b'.repeat(64);
    const built = buildAuditLeaf(valid(auditEventFixture({ citizenPseudonym: pseudonym })), { subjectSalt: salt });
    expect(built.bytes.toString()).not.toContain(pseudonym);
    expect(leafNamesCitizen(built.leaf, pseudonym, salt)).toBe(true);
    expect(leafNamesCitizen(built.leaf, 'c'.repeat(64), salt)).toBe(false);
    expect(leafNamesCitizen(built.leaf, pseudonym, Buffer.alloc(16))).toBe(false);
  });

  it('carry personal data only as ciphertext, unreadable once the key is gone', () => {
    const event = valid(auditEventFixture({ personal: { matched: { fullName: true } } }));
    const built = buildAuditLeaf(event, { subjectSalt: salt, personalKey: key, personalNonce: nonce });
    expect(built.bytes.toString()).not.toContain('matched');
    expect(openPersonal(built.leaf, key)).toEqual({ matched: { fullName: true } });
    expect(openPersonal(built.leaf, Buffer.alloc(32, 1))).toBeUndefined();
    expect(() => buildAuditLeaf(event, { subjectSalt: salt })).toThrow(/citizen key/);
  });

  it('carry noMatch only when true, so leaves of events without it keep their bytes and hash', () => {
    const before = buildAuditLeaf(valid(auditEventFixture()), { subjectSalt: salt });
    const withFalse = buildAuditLeaf(valid({ ...auditEventFixture(), noMatch: false }), { subjectSalt: salt });
    const withTrue = buildAuditLeaf(valid({ ...auditEventFixture(), noMatch: true }), { subjectSalt: salt });
    expect(before.bytes.toString()).not.toContain('noMatch');
    expect(withFalse.bytes).toEqual(before.bytes);
    expect(withFalse.hash).toEqual(before.hash);
    expect(withTrue.bytes.toString()).toContain('"noMatch":true');
    expect(withTrue.hash).not.toEqual(before.hash);
    expect(decodeAuditLeaf(withTrue.bytes).noMatch).toBe(true);
    expect(decodeAuditLeaf(before.bytes)).not.toHaveProperty('noMatch');
  });

  // The exact bytes of two leaves as written before `actor` existed (computed with that code): an
  // event without an actor must still give them, or every older leaf and proof would change.
  const OLD_LOOKUP_LEAF =
    '{"decision":"allow","disclosureAfter":null,"eventId":"0b8f3f3e-6c1a-4f57-9a3c-2d7b1c9e4a10","fee":{"amountVnd":"3000","product":"lookup","scheduleVersion":"2026-01"},'
    + '"fields":["fullName","dateOfBirth"],"legalBasis":{"consentId":"c0a80101-0000-4000-8000-000000000001","kind":"consent"},"occurredAt":"2026-03-01T08:15:00.123Z",'
    + '"operation":"lookup","organisationId":"6d2b6a0e-3c54-4d2b-8f5a-0f8f1b2c3d4e","personal":null,"purpose":"account-opening","reasonCode":"consent-valid","requestId":"req-123",'
    + '"subject":"a2cf40e21612afd9f708fdbc391c4e231200e2f6f74daf72c8524b861e9d7b53","v":1}';
  const OLD_DECISION_LEAF =
    '{"decision":"allow","disclosureAfter":null,"eventId":"0b8f3f3e-6c1a-4f57-9a3c-2d7b1c9e4a10","fee":null,"fields":["fullName"],'
    + '"legalBasis":{"consentId":"c0a80101-0000-4000-8000-000000000001","kind":"consent"},"occurredAt":"2026-03-01T08:15:00.123Z","operation":"decision",'
    + '"organisationId":"6d2b6a0e-3c54-4d2b-8f5a-0f8f1b2c3d4e","personal":null,"purpose":"account-opening","reasonCode":"CONSENT_GRANTED","requestId":"req-123",'
    + '"subject":"a2cf40e21612afd9f708fdbc391c4e231200e2f6f74daf72c8524b861e9d7b53","v":1}';
  const oldDecision = () => auditEventFixture({ operation: 'decision', fee: null, reasonCode: 'CONSENT_GRANTED', fields: ['fullName'] });

  it('of events without an actor keep the bytes and hash they had before the field existed', () => {
    const lookup = buildAuditLeaf(valid(auditEventFixture()), { subjectSalt: salt });
    expect(lookup.bytes.toString('utf8')).toBe(OLD_LOOKUP_LEAF);
    expect(lookup.hash.toString('hex')).toBe('b245672c1efaadd4493b952211c75349b55c73f1ed2d00d2e952e2f7891838bd');
    const decision = buildAuditLeaf(valid(oldDecision()), { subjectSalt: salt });
    expect(decision.bytes.toString('utf8')).toBe(OLD_DECISION_LEAF);
    expect(decision.hash.toString('hex')).toBe('290428efea823edcff7d55e58195908381a1663e761de1b92897831b17aadc92');
    expect(decodeAuditLeaf(decision.bytes)).not.toHaveProperty('actor');
  });

  it('carry the actor of a decision staff asked, and nothing else of theirs', () => {
    const actor = { role: 'regulator' as const, subject: '5f0c2b7e-1d3a-4c8e-9b6f-2a4d6e8f0a1c' };
    const built = buildAuditLeaf(valid({ ...oldDecision(), actor }), { subjectSalt: salt });
    expect(built.bytes.toString('utf8')).toBe(
      OLD_DECISION_LEAF.replace('{"decision"', '{"actor":{"role":"regulator","subject":"5f0c2b7e-1d3a-4c8e-9b6f-2a4d6e8f0a1c"},"decision"'),
    );
    expect(built.hash).toEqual(leafHash(built.bytes));
    expect(decodeAuditLeaf(built.bytes).actor).toEqual(actor);
  });

  it('refuse bytes that are not canonical', () => {
    const built = buildAuditLeaf(valid(auditEventFixture()), { subjectSalt: salt });
    expect(() => decodeAuditLeaf(Buffer.from(JSON.stringify(built.leaf, null, 1)))).toThrow(/canonical/);
  });
});
