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

  it('refuse bytes that are not canonical', () => {
    const built = buildAuditLeaf(valid(auditEventFixture()), { subjectSalt: salt });
    expect(() => decodeAuditLeaf(Buffer.from(JSON.stringify(built.leaf, null, 1)))).toThrow(/canonical/);
  });
});
