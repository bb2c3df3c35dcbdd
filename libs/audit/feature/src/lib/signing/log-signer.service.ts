import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { NoteSigner, NoteVerifier, generateSignerKey, parseSignerKey, parseVerifierKey } from '@consentry/audit-domain';
import { SigningKeyRepository } from '@consentry/audit-data-access';
import { AUDIT_CONFIG } from '../config/audit.tokens';
import type { AuditConfig } from '../config/audit-config';

/**
 * The keys that sign checkpoints. AUDIT_SIGNING_KEY may list several: all sign every new
 * checkpoint, the first is the one /v1/log/key announces. To rotate, put the new key first and
 * keep the old one second for a while, then drop it; every key ever used stays listed at
 * /v1/log/keys, so old checkpoints remain verifiable.
 */
@Injectable()
export class LogSigner implements OnModuleInit {
  private readonly logger = new Logger('LogSigner');
  private active: NoteSigner[] = [];

  constructor(
    @Inject(AUDIT_CONFIG) private readonly config: AuditConfig,
    private readonly keys: SigningKeyRepository,
  ) {}

  async onModuleInit() {
    if (this.config.signers.length) {
      this.active = this.config.signers;
    } else {
      const skey = await this.keys.devSigningKey(() => generateSignerKey(this.config.origin, randomBytes(32)).skey);
      this.active = [parseSignerKey(skey)];
      this.logger.warn({ msg: 'signing checkpoints with the generated development key; set AUDIT_SIGNING_KEY in production', vkey: this.active[0].vkey });
    }
    for (const signer of this.active) await this.keys.register(signer.vkey, signer.name);
  }

  get signers(): readonly NoteSigner[] {
    return this.active;
  }

  get primaryVkey(): string {
    return this.active[0].vkey;
  }

  /** Every verifier key the log has used, oldest first. */
  async allVerifierKeys(): Promise<string[]> {
    return (await this.keys.all()).map((k) => k.vkey);
  }

  async verifiers(): Promise<NoteVerifier[]> {
    return (await this.allVerifierKeys()).map(parseVerifierKey);
  }
}
