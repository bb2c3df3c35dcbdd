import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { GATEWAY_SETTINGS, GatewaySettings } from './gateway.settings';

/**
 * Stored idempotent responses can hold personal data (a lookup's answer), so they are kept
 * encrypted (AES-256-GCM, key derived from the platform's pseudonym key) and purged after a day.
 */
@Injectable()
export class ResponseSealer {
  private readonly key: Buffer;

  constructor(@Inject(GATEWAY_SETTINGS) settings: GatewaySettings) {
    this.key = Buffer.from(hkdfSync('sha256', settings.pseudonymKey, 'consentry-gateway', 'idempotent-responses', 32));
  }

  seal(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64')).join('.');
  }

  open(sealed: string): string {
    const [iv, tag, body] = sealed.split('.').map((p) => Buffer.from(p, 'base64'));
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  }
}
