import { Injectable, Logger } from '@nestjs/common';
import { CitizenKeyRepository } from '@consentry/audit-data-access';

/**
 * The erasure right, where the law allows it: deleting the citizen's data key makes every
 * personal payload sealed with it unreadable; the entries, their hashes and all proofs stay.
 * Called by the service that decides data-subject requests (the consent registry's flow).
 */
@Injectable()
export class AuditErasureService {
  private readonly logger = new Logger('AuditErasure');

  constructor(private readonly keys: CitizenKeyRepository) {}

  async eraseCitizenData(citizenPseudonym: string): Promise<{ erased: boolean }> {
    const erased = await this.keys.erase(citizenPseudonym);
    this.logger.log({ msg: 'citizen data key erased', erased });
    return { erased };
  }
}
