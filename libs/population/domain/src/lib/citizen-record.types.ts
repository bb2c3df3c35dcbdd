/** The two values the ID number's century/sex digit can encode. */
export type Sex = 'male' | 'female';

export const MARITAL_STATUSES = ['single', 'married', 'divorced', 'widowed'] as const;
export type MaritalStatus = (typeof MARITAL_STATUSES)[number];

export const BLOOD_GROUPS = ['O+', 'O-', 'A+', 'A-', 'B+', 'B-', 'AB+', 'AB-'] as const;
export type BloodGroup = (typeof BLOOD_GROUPS)[number];

/** Level of the citizen's electronic identification account (Decree 69/2024). */
export type EidLevel = 1 | 2;

/**
 * One citizen as the population database holds it: plain data, no behaviour, so it can cross
 * any boundary (queue, HTTP, test fixture). Each key is a field code of FIELD_CATALOGUE.
 * `null` means the database holds no value (no spouse, no insurance, no e-ID account).
 */
export interface CitizenRecord {
  idNumber: string;
  fullName: string;
  /** 'YYYY-MM-DD' */
  dateOfBirth: string;
  sex: Sex;
  placeOfBirth: string;
  hometown: string;
  ethnicity: string;
  religion: string;
  nationality: string;
  permanentResidence: string;
  currentResidence: string;
  maritalStatus: MaritalStatus;
  fatherName: string | null;
  motherName: string | null;
  spouseName: string | null;
  bloodGroup: BloodGroup | null;
  healthInsuranceNumber: string | null;
  socialInsuranceNumber: string | null;
  taxNumber: string | null;
  drivingLicenceNumber: string | null;
  eidLevel: EidLevel | null;
}
