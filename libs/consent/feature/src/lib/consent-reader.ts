import { DataSource, EntityManager } from 'typeorm';
import { PurposeRepository } from '@consentry/consent-data-access';

/**
 * The consent registry's published reads for other services. (The consent that decides an
 * access is read from the registry's view by the policy engine's PolicyReader.)
 */
export class ConsentReader {
  constructor(private readonly source: DataSource | EntityManager) {}

  /** Whether a purpose code is in the catalogue (codes are never removed, so a hit can be kept). */
  async purposeExists(code: string): Promise<boolean> {
    return (await new PurposeRepository(this.source).find(code)) !== null;
  }
}
