import { KeyObject, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { decodeBase64Strict, encodeBase64 } from './base64.util';
import { sha256 } from './merkle-hash.util';

/** C2SP signed-note: https://github.com/C2SP/C2SP/blob/main/signed-note.md (Ed25519 keys only). */
export const ED25519_ALGORITHM = 0x01;
const SIG_PREFIX = '\u2014 ';
const MAX_SIGNATURES = 100;
// DER wrappers that let node:crypto take raw 32-byte Ed25519 keys (RFC 8410).
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');

export type NoteErrorCode = 'malformed-note' | 'invalid-signature' | 'unverified-note' | 'invalid-key' | 'key-hash-mismatch' | 'unknown-algorithm';

export class NoteError extends Error {
  constructor(
    readonly code: NoteErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'NoteError';
  }
}

export interface NoteVerifier {
  name: string;
  keyId: number;
  /** The key in the vkey format, name+keyhash+base64(alg || key). */
  vkey: string;
  verify(message: Buffer, signature: Buffer): boolean;
}

export interface NoteSigner {
  name: string;
  keyId: number;
  vkey: string;
  sign(message: Buffer): Buffer;
}

export interface NoteSignature {
  name: string;
  keyId: number;
  /** base64(keyId || signature), as on the signature line. */
  base64: string;
}

export interface OpenedNote {
  text: string;
  /** Signatures made by one of the given keys, all of them valid. */
  verified: NoteSignature[];
  /** Signatures by keys the caller did not give: not an error, as in golang.org/x/mod/sumdb/note. */
  unverified: NoteSignature[];
}

/** A key name: non-empty, no white space, no '+'. */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !/[\s\u0085+]/u.test(name) && !hasLoneSurrogate(name);
}

/** A lone surrogate cannot be encoded as UTF-8: the text would not be the bytes that were signed. */
function hasLoneSurrogate(text: string): boolean {
  return /[\uD800-\uDFFF]/.test(text.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''));
}

/** Key ID: the first 4 bytes (big-endian) of SHA-256(name || 0x0A || alg || public key). */
export function keyIdFor(name: string, algAndKey: Uint8Array): number {
  return sha256(Buffer.from(name + '\n', 'utf8'), algAndKey).readUInt32BE(0);
}

const hex8 = (id: number) => id.toString(16).padStart(8, '0');

/** Splits at the first '+' like Go's chop: base64 may contain '+', names may not. */
function chop(text: string): [string, string] {
  const at = text.indexOf('+');
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
}

function publicKeyObject(raw: Buffer): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519, raw]), format: 'der', type: 'spki' });
}

export function formatVerifierKey(name: string, publicKey: Uint8Array): string {
  const algAndKey = Buffer.concat([Buffer.from([ED25519_ALGORITHM]), publicKey]);
  return `${name}+${hex8(keyIdFor(name, algAndKey))}+${encodeBase64(algAndKey)}`;
}

/** Parses a verifier key `name+keyhash+base64(0x01 || 32-byte key)`; throws NoteError. */
export function parseVerifierKey(vkey: string): NoteVerifier {
  const [name, rest] = chop(vkey);
  const [hash16, key64] = chop(rest);
  const key = decodeBase64Strict(key64);
  if (!/^[0-9a-f]{8}$/i.test(hash16) || !key || key.length === 0 || !isValidKeyName(name)) {
    throw new NoteError('invalid-key', 'malformed verifier key');
  }
  const keyId = parseInt(hash16, 16) >>> 0;
  if (keyIdFor(name, key) !== keyId) throw new NoteError('key-hash-mismatch', 'verifier key hash does not match its name and key');
  if (key[0] !== ED25519_ALGORITHM) throw new NoteError('unknown-algorithm', `unknown verifier key algorithm ${key[0]}`);
  const raw = key.subarray(1);
  if (raw.length !== 32) throw new NoteError('invalid-key', 'Ed25519 verifier key must be 32 bytes');
  let publicKey: KeyObject;
  try {
    publicKey = publicKeyObject(Buffer.from(raw));
  } catch {
    throw new NoteError('invalid-key', 'Ed25519 verifier key is not a valid point');
  }
  return {
    name,
    keyId,
    vkey: `${name}+${hex8(keyId)}+${key64}`,
    verify(message, signature) {
      if (signature.length !== 64) return false;
      try {
        return verify(null, message, publicKey, signature);
      } catch {
        return false;
      }
    },
  };
}

function signerFromSeed(name: string, seed: Buffer): NoteSigner & { skey: string; publicKey: Buffer } {
  if (!isValidKeyName(name)) throw new NoteError('invalid-key', 'invalid key name');
  if (seed.length !== 32) throw new NoteError('invalid-key', 'Ed25519 private key must be 32 bytes');
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, seed]), format: 'der', type: 'pkcs8' });
  const publicKey = createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(SPKI_ED25519.length);
  const vkey = formatVerifierKey(name, publicKey);
  const keyId = parseVerifierKey(vkey).keyId;
  const seedWithAlg = Buffer.concat([Buffer.from([ED25519_ALGORITHM]), seed]);
  return {
    name,
    keyId,
    vkey,
    publicKey: Buffer.from(publicKey),
    skey: `PRIVATE+KEY+${name}+${hex8(keyId)}+${encodeBase64(seedWithAlg)}`,
    sign: (message) => sign(null, message, privateKey),
  };
}

/** A new key pair from 32 random bytes the caller supplies (this module reads no randomness). */
export function generateSignerKey(name: string, seed: Uint8Array): NoteSigner & { skey: string; publicKey: Buffer } {
  return signerFromSeed(name, Buffer.from(seed));
}

/** Parses a signer key `PRIVATE+KEY+name+keyhash+base64(0x01 || 32-byte seed)` (Go's note.GenerateKey format). */
export function parseSignerKey(skey: string): NoteSigner & { skey: string; publicKey: Buffer } {
  const [p, r1] = chop(skey);
  const [k, r2] = chop(r1);
  const [name, r3] = chop(r2);
  const [hash16, key64] = chop(r3);
  const key = decodeBase64Strict(key64);
  if (p !== 'PRIVATE' || k !== 'KEY' || !/^[0-9a-f]{8}$/i.test(hash16) || !key || !isValidKeyName(name)) {
    throw new NoteError('invalid-key', 'malformed signer key');
  }
  if (key[0] !== ED25519_ALGORITHM) throw new NoteError('unknown-algorithm', `unknown signer key algorithm ${key[0]}`);
  const signer = signerFromSeed(name, key.subarray(1));
  if (signer.keyId !== parseInt(hash16, 16) >>> 0) throw new NoteError('key-hash-mismatch', 'signer key hash does not match its key');
  return signer;
}

/** Note text: UTF-8 with no control character but newline, ending in exactly one newline. */
export function isValidNoteText(text: string): boolean {
  return text.endsWith('\n') && !text.endsWith('\n\n') && !hasForbiddenCharacters(text);
}

function hasForbiddenCharacters(text: string): boolean {
  // Control characters other than newline, and lone surrogates (invalid UTF-8 once encoded).
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0009\u000b-\u001f]/.test(text) || hasLoneSurrogate(text);
}

/** Signs note text with every signer, in order; the result is the note as published. */
export function signNote(text: string, signers: readonly NoteSigner[]): string {
  if (!isValidNoteText(text)) throw new NoteError('malformed-note', 'note text must end with one newline and contain no control characters');
  if (signers.length === 0) throw new NoteError('malformed-note', 'a note needs at least one signature');
  const message = Buffer.from(text, 'utf8');
  const lines = signers.map((signer) => {
    const id = Buffer.alloc(4);
    id.writeUInt32BE(signer.keyId);
    return `${SIG_PREFIX}${signer.name} ${encodeBase64(Buffer.concat([id, signer.sign(message)]))}\n`;
  });
  return `${text}\n${lines.join('')}`;
}

interface ParsedNote {
  text: string;
  signatures: (NoteSignature & { signature: Buffer; line: string })[];
}

/** Splits a note into text and signature lines without checking any signature; throws NoteError. */
export function parseNote(note: string): ParsedNote {
  const malformed = () => new NoteError('malformed-note', 'malformed note');
  if (hasForbiddenCharacters(note)) throw malformed();
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw malformed();
  const text = note.slice(0, split + 1);
  let sigs = note.slice(split + 2);
  if (sigs.length === 0 || !sigs.endsWith('\n')) throw malformed();
  const signatures: ParsedNote['signatures'] = [];
  while (sigs.length > 0) {
    const end = sigs.indexOf('\n');
    const line = sigs.slice(0, end);
    sigs = sigs.slice(end + 1);
    if (!line.startsWith(SIG_PREFIX)) throw malformed();
    const body = line.slice(SIG_PREFIX.length);
    const space = body.indexOf(' ');
    const name = space < 0 ? body : body.slice(0, space);
    const b64 = space < 0 ? '' : body.slice(space + 1);
    const decoded = decodeBase64Strict(b64);
    if (!decoded || b64 === '' || !isValidKeyName(name) || decoded.length < 5) throw malformed();
    if (signatures.length + 1 > MAX_SIGNATURES) throw malformed();
    signatures.push({ name, keyId: decoded.readUInt32BE(0), base64: b64, signature: decoded.subarray(4), line: body });
  }
  return { text, signatures };
}

/**
 * Opens a note as golang.org/x/mod/sumdb/note's Open does: every signature by a known key must
 * be valid; signatures by unknown keys are reported, not trusted; at least one must verify.
 */
export function openNote(note: string, verifiers: readonly NoteVerifier[]): OpenedNote {
  const parsed = parseNote(note);
  const message = Buffer.from(parsed.text, 'utf8');
  const verified: NoteSignature[] = [];
  const unverified: NoteSignature[] = [];
  const seen = new Set<string>();
  for (const sig of parsed.signatures) {
    const verifier = verifiers.find((v) => v.name === sig.name && v.keyId === sig.keyId);
    const public_ = { name: sig.name, keyId: sig.keyId, base64: sig.base64 };
    if (!verifier) {
      if (!seen.has('u:' + sig.line)) unverified.push(public_);
      seen.add('u:' + sig.line);
      continue;
    }
    const id = `k:${sig.name}+${sig.keyId}`;
    if (seen.has(id)) continue;
    seen.add(id);
    if (!verifier.verify(message, sig.signature)) {
      throw new NoteError('invalid-signature', `invalid signature for key ${sig.name}+${hex8(sig.keyId)}`);
    }
    verified.push(public_);
  }
  if (verified.length === 0) throw new NoteError('unverified-note', 'note has no verifiable signature');
  return { text: parsed.text, verified, unverified };
}
