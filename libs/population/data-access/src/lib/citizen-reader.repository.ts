import { DataSource, EntityManager, Repository } from 'typeorm';
import { CitizenRecord } from '@consentry/population-domain';
import { CitizenRecordEntity } from './citizen-record.entity';
import { toCitizenRecord } from './citizen-record.mapper';

const TWELVE_DIGITS = /^[0-9]{12}$/;

/** Read-only access to population.citizens; answers with plain records, never entities. */
export class CitizenReader {
  private readonly citizens: Repository<CitizenRecordEntity>;

  /** Pass a transaction's EntityManager to read inside that transaction. */
  constructor(source: DataSource | EntityManager) {
    this.citizens = source.getRepository(CitizenRecordEntity);
  }

  /**
   * The citizen with this ID number, via the unique index; null when there is none. Anything
   * that is not 12 digits cannot be stored, so it is answered without a query: validate
   * first (validateIdNumber) if the caller must tell malformed from unknown.
   */
  async findByIdNumber(idNumber: string): Promise<CitizenRecord | null> {
    if (typeof idNumber !== 'string' || !TWELVE_DIGITS.test(idNumber)) return null;
    const entity = await this.citizens.findOne({ where: { idNumber } });
    return entity ? toCitizenRecord(entity) : null;
  }

  count(): Promise<number> {
    return this.citizens.count();
  }
}
