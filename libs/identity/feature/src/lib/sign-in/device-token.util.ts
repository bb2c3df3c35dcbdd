import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Device tokens (ADR 0012): issued on a successful sign-in, sent back on later ones, so that
 * device's attempts are counted apart from the login's shared count. Stateless:
 * `v1.<issuedAtSeconds>.<nonce>.<mac>`, where mac = HMAC-SHA256(key, domain + issuedAt + nonce +
 * login), all base64url. The login is in the MAC, never in the token. Pure: the caller gives the
 * clock and the nonce.
 */

/** Longest string a sign-in accepts as a device token (a v1 token is about 80 characters). */
export const DEVICE_TOKEN_MAX_LENGTH = 256;

/** Separates these MACs from every other use of the same key (pseudonyms, attempt keys). */
const MAC_DOMAIN = 'sign-in-device:v1:';

/** How far in the future an issue time may lie: replicas' clocks differ by a little. */
const CLOCK_SKEW_SECONDS = 300;

/** Digits without a leading zero, a 16-byte nonce and a 32-byte MAC, each in canonical base64url. */
const V1 = /^v1\.(0|[1-9]\d{0,15})\.([A-Za-z0-9_-]{21}[AQgw])\.([A-Za-z0-9_-]{42}[AEIMQUYcgkosw048])$/;

export interface DeviceTokenKey {
  /** HMAC key (PSEUDONYM_KEY). */
  key: string;
  /** The login as looked up: a username, or the pseudonym of an ID number. */
  login: string;
}

/** A new token for `login`; `nonce` is 16 random bytes. */
export function issueDeviceToken({ key, login }: DeviceTokenKey, issuedAtSeconds: number, nonce: Buffer): string {
  if (!Number.isSafeInteger(issuedAtSeconds) || issuedAtSeconds < 0) throw new RangeError('issuedAtSeconds must be a whole number of seconds');
  if (nonce.length !== 16) throw new RangeError('a device token nonce is 16 bytes');
  const issuedAt = String(issuedAtSeconds);
  const encodedNonce = nonce.toString('base64url');
  return `v1.${issuedAt}.${encodedNonce}.${mac(key, login, issuedAt, encodedNonce)}`;
}

/**
 * The device (its nonce) of a token issued for `login` and still valid at `nowSeconds`, or
 * undefined for anything else: absent, malformed, another version, another login, a changed
 * character, expired, or issued in the future. Callers treat all of these alike.
 */
export function deviceOfToken(token: string | undefined, { key, login }: DeviceTokenKey, nowSeconds: number, ttlSeconds: number): string | undefined {
  if (typeof token !== 'string' || token.length > DEVICE_TOKEN_MAX_LENGTH) return undefined;
  const parts = V1.exec(token);
  if (!parts) return undefined;
  const [, issuedAt, nonce, given] = parts;
  const expected = mac(key, login, issuedAt, nonce);
  // Both are 43 ASCII characters (the pattern), so timingSafeEqual gets equal lengths.
  if (!timingSafeEqual(Buffer.from(given), Buffer.from(expected))) return undefined;
  const issued = Number(issuedAt);
  if (issued > nowSeconds + CLOCK_SKEW_SECONDS || nowSeconds >= issued + ttlSeconds) return undefined;
  return nonce;
}

/** Fixed-shape fields first and the login last, so no two inputs share a MAC message. */
function mac(key: string, login: string, issuedAt: string, nonce: string): string {
  return createHmac('sha256', key).update(`${MAC_DOMAIN}${issuedAt}.${nonce}.${login}`).digest('base64url');
}
