import { KeyObject, createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';

/** An Ed25519 signing key with its key id (RFC 7638 thumbprint of the public JWK). */
export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicJwk: PublicJwk;
}

export interface PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

function thumbprint(x: string): string {
  // RFC 7638: members in lexicographic order, no whitespace.
  return createHash('sha256').update(`{"crv":"Ed25519","kty":"OKP","x":"${x}"}`).digest('base64url');
}

export function signingKeyFromPrivate(privateKey: KeyObject): SigningKey {
  const { x } = createPublicKey(privateKey).export({ format: 'jwk' }) as { x: string };
  const kid = thumbprint(x);
  return { kid, privateKey, publicJwk: { kty: 'OKP', crv: 'Ed25519', x, kid, alg: 'EdDSA', use: 'sig' } };
}

export function generateSigningKey(): SigningKey {
  return signingKeyFromPrivate(generateKeyPairSync('ed25519').privateKey);
}

/** PKCS#8 PEM of a signing key, for storing it in a secret store or configuration. */
export function exportSigningKey(key: SigningKey): string {
  return key.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
}

export function importSigningKey(pem: string): SigningKey {
  return signingKeyFromPrivate(createPrivateKey(pem));
}

/** Compact JWS (RFC 7515) over a JSON payload, signed with EdDSA (RFC 8037). */
export function signJws(payload: object, key: SigningKey, typ: string): string {
  const header = b64url(JSON.stringify({ alg: 'EdDSA', kid: key.kid, typ }));
  const body = b64url(JSON.stringify(payload));
  const signature = sign(null, Buffer.from(`${header}.${body}`), key.privateKey);
  return `${header}.${body}.${b64url(signature)}`;
}
