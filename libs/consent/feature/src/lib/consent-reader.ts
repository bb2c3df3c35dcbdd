import { DataSource, EntityManager } from 'typeorm';
import { ConsentHead, ConsentRepository, PurposeRepository } from '@consentry/consent-data-access';

export type EffectiveConsent = Pick<ConsentHead, 'id' | 'state' | 'grantedFields' | 'terms'>;

/**
 * The consent registry's published read for services that decide accesses in-process (the
 * gateway). It reads the committed state on every call, in the caller's transaction if given:
 * a revocation acknowledged to the citizen is visible to the very next access, on any replica.
 */
export class ConsentReader {
  constructor(private readonly source: DataSource | EntityManager) {}

  async forDecision(citizenPseudonym: string, organisationId: string, purposeCode: string, now: Date): Promise<EffectiveConsent | null> {
    return new ConsentRepository(this.source).forDecision(citizenPseudonym, organisationId, purposeCode, now);
  }

  /** Whether a purpose code is in the catalogue (codes are never removed, so a hit can be kept). */
  async purposeExists(code: string): Promise<boolean> {
    return (await new PurposeRepository(this.source).find(code)) !== null;
  }
}
