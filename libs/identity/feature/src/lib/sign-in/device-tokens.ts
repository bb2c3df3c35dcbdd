import { randomBytes } from 'node:crypto';
import { deviceOfToken, issueDeviceToken } from './device-token.util';

/** The clock and randomness device tokens read; a seam for tests. */
export interface DeviceTokenSource {
  nowSeconds(): number;
  /** 16 random bytes. */
  nonce(): Buffer;
}

const system: DeviceTokenSource = { nowSeconds: () => Math.floor(Date.now() / 1000), nonce: () => randomBytes(16) };

/** Issues and checks device tokens (device-token.util) with PSEUDONYM_KEY and the system clock. */
export class DeviceTokens {
  private readonly ttlSeconds: number;

  constructor(
    private readonly key: string,
    ttlDays: number,
    private readonly source: DeviceTokenSource = system,
  ) {
    this.ttlSeconds = ttlDays * 86_400;
  }

  issue(login: string): string {
    return issueDeviceToken({ key: this.key, login }, this.source.nowSeconds(), this.source.nonce());
  }

  /** The device of a token valid for `login` now, or undefined: callers never tell why. */
  deviceOf(token: string | undefined, login: string): string | undefined {
    return deviceOfToken(token, { key: this.key, login }, this.source.nowSeconds(), this.ttlSeconds);
  }
}
