import { CitizenRecord } from '@consentry/population-domain';
import { CitizenRecordEntity } from './citizen-record.entity';

/** Entity to plain record: drops the surrogate key and timestamps, copies nothing by reference. */
export function toCitizenRecord(entity: CitizenRecordEntity): CitizenRecord {
  return {
    idNumber: entity.idNumber,
    fullName: entity.fullName,
    dateOfBirth: entity.dateOfBirth,
    sex: entity.sex,
    placeOfBirth: entity.placeOfBirth,
    hometown: entity.hometown,
    ethnicity: entity.ethnicity,
    religion: entity.religion,
    nationality: entity.nationality,
    permanentResidence: entity.permanentResidence,
    currentResidence: entity.currentResidence,
    maritalStatus: entity.maritalStatus,
    fatherName: entity.fatherName,
    motherName: entity.motherName,
    spouseName: entity.spouseName,
    bloodGroup: entity.bloodGroup,
    healthInsuranceNumber: entity.healthInsuranceNumber,
    socialInsuranceNumber: entity.socialInsuranceNumber,
    taxNumber: entity.taxNumber,
    drivingLicenceNumber: entity.drivingLicenceNumber,
    eidLevel: entity.eidLevel === null ? null : (Number(entity.eidLevel) as CitizenRecord['eidLevel']),
  };
}
