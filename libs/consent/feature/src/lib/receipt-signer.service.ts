import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SigningKeyRepository } from '@consentry/consent-data-access';
import { PublicJwk, SigningKey, exportSigningKey, generateSigningKey, importSigningKey, signJws } from '@consentry/shared-auth';
import { CONSENT_SETTINGS, ConsentSettings } from './consent.tokens';

export const RECEIPT_JWS_TYPE = 'consent-receipt+jws';

/**
 * Signs consent receipts with the registry's Ed25519 key. With CONSENT_SIGNING_KEY set (PKCS#8
 * PEM, from a secret store) that key is used and only its public part is stored; otherwise (the
 * embedded default) a key is generated once and kept in the database. Starting with a configured
 * key retires every key recorded before it: public parts stay published, private parts are erased.
 */
@Injectable()
export class ReceiptSigner implements OnModuleInit {
  private key: SigningKey;
  private readonly keys: SigningKeyRepository;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    @Inject(CONSENT_SETTINGS) private readonly settings: ConsentSettings,
  ) {
    this.keys = new SigningKeyRepository(dataSource);
  }

  async onModuleInit() {
    if (this.settings.signingKeyPem) {
      this.key = importSigningKey(this.settings.signingKeyPem);
      await this.keys.record(this.key.publicJwk, null);
      // The configured key replaces every earlier one (a generated one, or the key before a
      // rotation): they stay in the JWKS, but no private part stays in the database. A newer
      // key (a rotation under way while this replica restarts on the old one) is left alone.
      await this.keys.retireOlderThan(this.key.publicJwk.kid);
      return;
    }
    const stored = await this.keys.activePrivatePem();
    if (stored) {
      this.key = importSigningKey(stored);
      return;
    }
    const generated = generateSigningKey();
    await this.keys.record(generated.publicJwk, exportSigningKey(generated));
    // Another replica may have generated one at the same moment: use whichever is newest.
    this.key = importSigningKey((await this.keys.activePrivatePem()) ?? exportSigningKey(generated));
  }

  sign(receipt: object): string {
    return signJws(receipt, this.key, RECEIPT_JWS_TYPE);
  }

  jwks(): Promise<PublicJwk[]> {
    return this.keys.publicKeys();
  }
}
