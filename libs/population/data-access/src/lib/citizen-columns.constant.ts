import { CitizenRecord, FieldCode } from '@consentry/population-domain';

export interface CitizenColumn {
  field: FieldCode;
  column: string;
  /** Element type of the unnest() array this column is loaded from. */
  arrayType: 'text' | 'date' | 'smallint';
}

/** Column of each catalogue field of population.citizens, in table order. */
export const CITIZEN_COLUMNS: readonly CitizenColumn[] = (
  [
    ['idNumber', 'id_number'],
    ['fullName', 'full_name'],
    ['dateOfBirth', 'date_of_birth', 'date'],
    ['sex', 'sex'],
    ['placeOfBirth', 'place_of_birth'],
    ['hometown', 'hometown'],
    ['ethnicity', 'ethnicity'],
    ['religion', 'religion'],
    ['nationality', 'nationality'],
    ['permanentResidence', 'permanent_residence'],
    ['currentResidence', 'current_residence'],
    ['maritalStatus', 'marital_status'],
    ['fatherName', 'father_name'],
    ['motherName', 'mother_name'],
    ['spouseName', 'spouse_name'],
    ['bloodGroup', 'blood_group'],
    ['healthInsuranceNumber', 'health_insurance_number'],
    ['socialInsuranceNumber', 'social_insurance_number'],
    ['taxNumber', 'tax_number'],
    ['drivingLicenceNumber', 'driving_licence_number'],
    ['eidLevel', 'eid_level', 'smallint'],
  ] as [keyof CitizenRecord, string, CitizenColumn['arrayType']?][]
).map(([field, column, arrayType = 'text']) => Object.freeze({ field, column, arrayType }));
