import { createHmac } from 'node:crypto';
import { AuditActor, NormalisedAuditEvent } from './audit-event.types';
import { CanonicalValue, canonicalBytes } from './canonical-json.util';
import { leafHash } from './merkle-hash.util';
import { SEAL_NONCE_BYTES, Sealed, open, seal } from './sealed-box.util';

export const AUDIT_LEAF_VERSION = 1;
export const SUBJECT_SALT_BYTES = 16;

/**
 * What is hashed into the tree for one event (as canonical JSON, UTF-8). The public API serves
 * these bytes to anyone, so the citizen appears only as a salted commitment to their pseudonym
 * (the salt is kept beside the entry and shown only to that citizen and to regulators), and
 * personal data only as ciphertext under the citizen's key. Erasing that key leaves the bytes,
 * the hashes and every proof intact.
 */
export interface AuditLeaf {
  v: typeof AUDIT_LEAF_VERSION;
  eventId: string;
  occurredAt: string;
  organisationId: string;
  operation: NormalisedAuditEvent['operation'];
  purpose: string;
  legalBasis: NormalisedAuditEvent['legalBasis'];
  decision: NormalisedAuditEvent['decision'];
  reasonCode: string;
  fields: string[];
  fee: NormalisedAuditEvent['fee'];
  requestId: string;
  /** hex HMAC-SHA256(salt, pseudonym); null when no citizen is concerned. */
  subject: string | null;
  disclosureAfter: string | null;
  personal: Sealed | null;
  /** Present (true) only when the access found nothing to match; absent otherwise. */
  noMatch?: true;
  /** Present (true) only when the gateway saw a neighbouring ID number asked just before. */
  sequentialId?: true;
  /** Present only when a member of staff, not the organisation, caused the event; absent otherwise. */
  actor?: AuditActor;
}

export interface LeafSecrets {
  /** 16 random bytes per entry; required when the event names a citizen. */
  subjectSalt: Buffer | null;
  /** The citizen's data key and a fresh nonce; required when the event carries personal data. */
  personalKey?: Buffer;
  personalNonce?: Buffer;
}

export interface BuiltLeaf {
  leaf: AuditLeaf;
  bytes: Buffer;
  hash: Buffer;
}

export function subjectCommitment(pseudonym: string, salt: Uint8Array): string {
  return createHmac('sha256', salt).update(`consentry-audit-subject:${pseudonym}`).digest('hex');
}

const associatedData = (eventId: string) => Buffer.from(`consentry-audit-personal:${eventId}`, 'utf8');

export function buildAuditLeaf(event: NormalisedAuditEvent, secrets: LeafSecrets): BuiltLeaf {
  let subject: string | null = null;
  if (event.citizenPseudonym !== null) {
    if (!secrets.subjectSalt || secrets.subjectSalt.length !== SUBJECT_SALT_BYTES) throw new Error('an event naming a citizen needs a 16-byte subject salt');
    subject = subjectCommitment(event.citizenPseudonym, secrets.subjectSalt);
  }
  let personal: Sealed | null = null;
  if (event.personal) {
    if (!secrets.personalKey || !secrets.personalNonce || secrets.personalNonce.length !== SEAL_NONCE_BYTES) {
      throw new Error('an event with personal data needs the citizen key and a nonce');
    }
    personal = seal(secrets.personalKey, secrets.personalNonce, canonicalBytes(event.personal as CanonicalValue), associatedData(event.eventId));
  }
  const leaf: AuditLeaf = {
    v: AUDIT_LEAF_VERSION,
    eventId: event.eventId,
    occurredAt: event.occurredAt,
    organisationId: event.organisationId,
    operation: event.operation,
    purpose: event.purpose,
    legalBasis: event.legalBasis,
    decision: event.decision,
    reasonCode: event.reasonCode,
    fields: event.fields,
    fee: event.fee,
    requestId: event.requestId,
    subject,
    disclosureAfter: event.disclosureAfter,
    personal,
    ...(event.noMatch === true ? { noMatch: true as const } : {}),
    ...(event.sequentialId === true ? { sequentialId: true as const } : {}),
    ...(event.actor ? { actor: { role: event.actor.role, subject: event.actor.subject } } : {}),
  };
  const bytes = canonicalBytes(leaf as unknown as CanonicalValue);
  return { leaf, bytes, hash: leafHash(bytes) };
}

/** Reads leaf bytes back; throws when they are not a canonical version-1 audit leaf. */
export function decodeAuditLeaf(bytes: Uint8Array): AuditLeaf {
  const text = Buffer.from(bytes).toString('utf8');
  const leaf = JSON.parse(text) as AuditLeaf;
  if (typeof leaf !== 'object' || leaf === null || leaf.v !== AUDIT_LEAF_VERSION) throw new Error('not a version-1 audit leaf');
  if (!canonicalBytes(leaf as unknown as CanonicalValue).equals(Buffer.from(bytes))) throw new Error('audit leaf is not in canonical form');
  return leaf;
}

/** Decrypts the personal part with the citizen's key; undefined once the key is erased or wrong. */
export function openPersonal(leaf: AuditLeaf, key: Uint8Array): Record<string, unknown> | undefined {
  if (!leaf.personal) return undefined;
  const plain = open(key, leaf.personal, associatedData(leaf.eventId));
  return plain ? (JSON.parse(plain.toString('utf8')) as Record<string, unknown>) : undefined;
}

/** True when the leaf names this citizen (with the entry's salt). */
export function leafNamesCitizen(leaf: AuditLeaf, pseudonym: string, salt: Uint8Array): boolean {
  return leaf.subject !== null && leaf.subject === subjectCommitment(pseudonym, salt);
}
