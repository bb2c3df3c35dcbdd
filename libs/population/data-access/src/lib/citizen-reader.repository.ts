import { DataSource, EntityManager, Repository } from 'typeorm';
import { CitizenRecord } from '@consentry/population-domain';
import { queryPrepared } from '@consentry/shared-database';
import { CitizenRecordEntity } from './citizen-record.entity';
import { toCitizenRecord } from './citizen-record.mapper';

const TWELVE_DIGITS = /^[0-9]{12}$/;

/** The record's columns under the entity's property names (the date as its ISO text, as the entity has it). */
const RECORD_COLUMNS = `id_number AS "idNumber", full_name AS "fullName", date_of_birth::text AS "dateOfBirth", sex,
  place_of_birth AS "placeOfBirth", hometown, ethnicity, religion, nationality, permanent_residence AS "permanentResidence",
  current_residence AS "currentResidence", marital_status AS "maritalStatus", father_name AS "fatherName", mother_name AS "motherName",
  spouse_name AS "spouseName", blood_group AS "bloodGroup", health_insurance_number AS "healthInsuranceNumber",
  social_insurance_number AS "socialInsuranceNumber", tax_number AS "taxNumber", driving_licence_number AS "drivingLicenceNumber",
  eid_level AS "eidLevel"`;

/** Read-only access to population.citizens; answers with plain records, never entities. */
export class CitizenReader {
  private readonly citizens: Repository<CitizenRecordEntity>;

  /** Pass a transaction's EntityManager to read inside that transaction. */
  constructor(private readonly source: DataSource | EntityManager) {
    this.citizens = source.getRepository(CitizenRecordEntity);
  }

  /**
   * The citizen with this ID number, via the unique index; null when there is none. Anything
   * that is not 12 digits cannot be stored, so it is answered without a query: validate
   * first (validateIdNumber) if the caller must tell malformed from unknown.
   */
  async findByIdNumber(idNumber: string): Promise<CitizenRecord | null> {
    return (await this.findManyByIdNumbers([idNumber]))[0];
  }

  /**
   * findByIdNumber for many ID numbers in one statement: one result per ID number, in order
   * (for concurrent requests' reads, see Coalescer). Plain SQL on the hot path of every answered
   * request: no query building or entity hydration, and a prepared statement (planned once per
   * connection).
   */
  async findManyByIdNumbers(idNumbers: string[]): Promise<(CitizenRecord | null)[]> {
    const wellFormed = [...new Set(idNumbers.filter((id) => typeof id === 'string' && TWELVE_DIGITS.test(id)))];
    const rows = wellFormed.length
      ? await queryPrepared<CitizenRecordEntity>(this.source, 'population_citizens', `SELECT ${RECORD_COLUMNS} FROM "population"."citizens" WHERE id_number = ANY($1::bpchar[])`, [wellFormed])
      : [];
    const byId = new Map(rows.map((row) => [row.idNumber, toCitizenRecord(row)]));
    return idNumbers.map((id) => byId.get(id) ?? null);
  }

  count(): Promise<number> {
    return this.citizens.count();
  }
}
