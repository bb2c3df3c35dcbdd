import { createCipheriv, createDecipheriv } from 'node:crypto';

/** AES-256-GCM, 12-byte nonce, 16-byte tag. Nonces come from the caller (no randomness read here). */
export const SEAL_ALGORITHM = 'A256GCM';
export const SEAL_NONCE_BYTES = 12;
const TAG_BYTES = 16;

export interface Sealed {
  alg: typeof SEAL_ALGORITHM;
  /** base64 nonce */
  iv: string;
  /** base64 ciphertext || tag */
  ct: string;
}

export function seal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, associatedData: Uint8Array): Sealed {
  if (key.length !== 32 || nonce.length !== SEAL_NONCE_BYTES) throw new RangeError('seal needs a 32-byte key and a 12-byte nonce');
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(associatedData);
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return { alg: SEAL_ALGORITHM, iv: Buffer.from(nonce).toString('base64'), ct: ct.toString('base64') };
}

/** The plaintext, or undefined when the key is wrong or anything was altered. */
export function open(key: Uint8Array, sealed: Sealed, associatedData: Uint8Array): Buffer | undefined {
  try {
    const data = Buffer.from(sealed.ct, 'base64');
    if (sealed.alg !== SEAL_ALGORITHM || data.length < TAG_BYTES) return undefined;
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(associatedData);
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    return Buffer.concat([decipher.update(data.subarray(0, data.length - TAG_BYTES)), decipher.final()]);
  } catch {
    return undefined;
  }
}

/** Compact binary form (nonce || ciphertext || tag), for wrapped keys in a bytea column. */
export function sealToBytes(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, associatedData: Uint8Array): Buffer {
  const sealed = seal(key, nonce, plaintext, associatedData);
  return Buffer.concat([Buffer.from(sealed.iv, 'base64'), Buffer.from(sealed.ct, 'base64')]);
}

export function openFromBytes(key: Uint8Array, bytes: Uint8Array, associatedData: Uint8Array): Buffer | undefined {
  const buf = Buffer.from(bytes);
  return open(
    key,
    { alg: SEAL_ALGORITHM, iv: buf.subarray(0, SEAL_NONCE_BYTES).toString('base64'), ct: buf.subarray(SEAL_NONCE_BYTES).toString('base64') },
    associatedData,
  );
}
