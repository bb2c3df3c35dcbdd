import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

export type Role = 'citizen' | 'regulator' | 'operator';
export const ROLES: readonly Role[] = ['citizen', 'regulator', 'operator'];

/** Who is calling, as proved by an access token. */
export interface Principal {
  accountId: string;
  role: Role;
  /** Citizens only: keyed pseudonym of their ID number. */
  citizenPseudonym?: string;
  /** Citizens only: e-ID account level (2 = verified; needed to grant consent). */
  eidLevel?: number;
}

interface TokenClaims {
  sub: string;
  role: Role;
  psn?: string;
  eid?: number;
  iat: number;
  exp: number;
  jti: string;
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const HEADER = b64({ alg: 'HS256', typ: 'JWT' });

/**
 * Compact JWT (HS256) access tokens for people. Stateless, so every replica of every service
 * verifies them with the shared secret; short-lived, so a disabled account lapses quickly.
 */
export class AccessTokens {
  constructor(
    private readonly secret: string,
    private readonly now: () => number = Date.now,
    readonly ttlSeconds = 3600,
  ) {}

  issue(principal: Principal): { token: string; expiresAt: Date } {
    const iat = Math.floor(this.now() / 1000);
    const claims: TokenClaims = {
      sub: principal.accountId,
      role: principal.role,
      psn: principal.citizenPseudonym,
      eid: principal.eidLevel,
      iat,
      exp: iat + this.ttlSeconds,
      jti: randomUUID(),
    };
    const body = `${HEADER}.${b64(claims)}`;
    return { token: `${body}.${this.sign(body)}`, expiresAt: new Date(claims.exp * 1000) };
  }

  /** The principal, or undefined for a malformed, forged or expired token. */
  verify(token: string): Principal | undefined {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== HEADER) return undefined;
    const expected = Buffer.from(this.sign(`${parts[0]}.${parts[1]}`));
    const given = Buffer.from(parts[2]);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    let claims: TokenClaims;
    try {
      claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= this.now()) return undefined;
    if (!ROLES.includes(claims.role) || typeof claims.sub !== 'string') return undefined;
    return { accountId: claims.sub, role: claims.role, citizenPseudonym: claims.psn, eidLevel: claims.eid };
  }

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }
}
