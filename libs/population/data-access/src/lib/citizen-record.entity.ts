import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { BloodGroup, EidLevel, MaritalStatus, Sex } from '@consentry/population-domain';
import { POPULATION_SCHEMA } from './population-schema.constant';

/**
 * population.citizens. Read through CitizenReader, which maps rows to plain CitizenRecords;
 * the entity itself never leaves this lib. The table is created by PopulationInit, never by
 * `synchronize`.
 */
@Entity({ schema: POPULATION_SCHEMA, name: 'citizens' })
@Unique('citizens_id_number_key', ['idNumber'])
export class CitizenRecordEntity {
  /** Surrogate key, internal only: rows are looked up by the unique ID number. */
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ name: 'id_number', type: 'char', length: 12 })
  idNumber: string;

  @Column({ name: 'full_name', type: 'text' })
  fullName: string;

  /** 'YYYY-MM-DD' */
  @Column({ name: 'date_of_birth', type: 'date' })
  dateOfBirth: string;

  @Column({ name: 'sex', type: 'text' })
  sex: Sex;

  @Column({ name: 'place_of_birth', type: 'text' })
  placeOfBirth: string;

  @Column({ name: 'hometown', type: 'text' })
  hometown: string;

  @Column({ name: 'ethnicity', type: 'text' })
  ethnicity: string;

  @Column({ name: 'religion', type: 'text' })
  religion: string;

  @Column({ name: 'nationality', type: 'text' })
  nationality: string;

  @Column({ name: 'permanent_residence', type: 'text' })
  permanentResidence: string;

  @Column({ name: 'current_residence', type: 'text' })
  currentResidence: string;

  @Column({ name: 'marital_status', type: 'text' })
  maritalStatus: MaritalStatus;

  @Column({ name: 'father_name', type: 'text', nullable: true })
  fatherName: string | null;

  @Column({ name: 'mother_name', type: 'text', nullable: true })
  motherName: string | null;

  @Column({ name: 'spouse_name', type: 'text', nullable: true })
  spouseName: string | null;

  @Column({ name: 'blood_group', type: 'text', nullable: true })
  bloodGroup: BloodGroup | null;

  @Column({ name: 'health_insurance_number', type: 'varchar', length: 15, nullable: true })
  healthInsuranceNumber: string | null;

  @Column({ name: 'social_insurance_number', type: 'varchar', length: 10, nullable: true })
  socialInsuranceNumber: string | null;

  @Column({ name: 'tax_number', type: 'varchar', length: 12, nullable: true })
  taxNumber: string | null;

  @Column({ name: 'driving_licence_number', type: 'varchar', length: 12, nullable: true })
  drivingLicenceNumber: string | null;

  @Column({ name: 'eid_level', type: 'smallint', nullable: true })
  eidLevel: EidLevel | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
