import { createHash, createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number, options: object) => Promise<Buffer>;
const SCRYPT = { N: 16384, r: 8, p: 1 };

/** Password hash for people's logins: scrypt with a random salt, parameters stored with it. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, 32, SCRYPT);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
  return timingSafeEqual(actual, expected);
}

export interface IssuedApiKey {
  /** The whole key, shown to the organisation once and never stored. */
  key: string;
  /** Visible prefix, stored, so a key can be recognised in lists and logs. */
  prefix: string;
  /** SHA-256 of the key: what is stored and looked up. */
  hash: string;
}

/**
 * Organisation API keys carry 256 random bits, so a fast unsalted hash is enough to store
 * them (nothing to brute-force), and lets the gateway find a key by an indexed lookup.
 */
export function generateApiKey(): IssuedApiKey {
  const prefix = 'csk_' + randomBytes(6).toString('hex');
  const key = `${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix, hash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function apiKeyPrefix(key: string): string | undefined {
  return /^(csk_[0-9a-f]{12})_[A-Za-z0-9_-]{43}$/.exec(key)?.[1];
}

/**
 * Keyed pseudonym of a citizen ID number (HMAC-SHA256, hex). Services store and exchange
 * this instead of the number; without the key it cannot be reversed by enumerating numbers.
 */
export function pseudonymFor(key: string, idNumber: string): string {
  return createHmac('sha256', key).update(idNumber).digest('hex');
}
