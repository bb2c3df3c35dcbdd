import { BLOOD_GROUPS, CitizenRecord, MARITAL_STATUSES } from './citizen-record.types';

/**
 * Basic vs sensitive personal data (Law 91/2025/QH15, Decree 356/2025). Sensitive fields may
 * only be released under a consent that names them explicitly.
 */
export type FieldCategory = 'basic' | 'sensitive';

export type FieldValueType =
  | { kind: 'text'; maxLength?: number }
  /** 'YYYY-MM-DD' */
  | { kind: 'date' }
  | { kind: 'digits'; lengths: readonly number[] }
  | { kind: 'enum'; values: readonly (string | number)[] };

export interface FieldDefinition {
  code: string;
  label: { vi: string; en: string };
  category: FieldCategory;
  /** The legal category that decides `category`, so a reviewer can check each choice. */
  basis: string;
  valueType: FieldValueType;
  nullable: boolean;
}

/** The law the classification follows; bump it with the catalogue when the law changes. */
export const FIELD_CATALOGUE_BASIS = 'Law 91/2025/QH15 and Decree 356/2025, in force 2026-01-01';

export const FIELD_CATALOGUE = [
  {
    code: 'idNumber',
    label: { vi: 'Số định danh cá nhân', en: 'Personal ID number' },
    category: 'basic',
    basis: 'personal ID number',
    valueType: { kind: 'digits', lengths: [12] },
    nullable: false,
  },
  {
    code: 'fullName',
    label: { vi: 'Họ, chữ đệm và tên', en: 'Full name' },
    category: 'basic',
    basis: 'names',
    valueType: { kind: 'text' },
    nullable: false,
  },
  {
    code: 'dateOfBirth',
    label: { vi: 'Ngày, tháng, năm sinh', en: 'Date of birth' },
    category: 'basic',
    basis: 'dates of birth',
    valueType: { kind: 'date' },
    nullable: false,
  },
  {
    code: 'sex',
    label: { vi: 'Giới tính', en: 'Sex' },
    category: 'basic',
    basis: 'gender',
    valueType: { kind: 'enum', values: ['male', 'female'] },
    nullable: false,
  },
  {
    code: 'placeOfBirth',
    label: { vi: 'Nơi đăng ký khai sinh', en: 'Place of birth registration' },
    category: 'basic',
    basis: 'places of birth',
    valueType: { kind: 'text' },
    nullable: false,
  },
  {
    code: 'hometown',
    label: { vi: 'Quê quán', en: 'Hometown (family place of origin)' },
    category: 'basic',
    basis: 'places of birth and residence; family relationships',
    valueType: { kind: 'text' },
    nullable: false,
  },
  {
    code: 'ethnicity',
    label: { vi: 'Dân tộc', en: 'Ethnicity' },
    category: 'sensitive',
    basis: 'racial or ethnic origin',
    valueType: { kind: 'text' },
    nullable: false,
  },
  {
    code: 'religion',
    label: { vi: 'Tôn giáo', en: 'Religion' },
    category: 'sensitive',
    basis: 'political and religious views',
    valueType: { kind: 'text' },
    nullable: false,
  },
  {
    code: 'nationality',
    label: { vi: 'Quốc tịch', en: 'Nationality' },
    category: 'basic',
    basis: 'nationality',
    valueType: { kind: 'text' },
    nullable: false,
  },
  {
    code: 'permanentResidence',
    label: { vi: 'Nơi thường trú', en: 'Permanent residence' },
    category: 'basic',
    basis: 'places of residence (a registered address, not a tracked location)',
    valueType: { kind: 'text' },
    nullable: false,
  },
  {
    code: 'currentResidence',
    label: { vi: 'Nơi ở hiện tại', en: 'Current residence' },
    category: 'basic',
    basis: 'places of residence (a registered address, not a tracked location)',
    valueType: { kind: 'text' },
    nullable: false,
  },
  {
    code: 'maritalStatus',
    label: { vi: 'Tình trạng hôn nhân', en: 'Marital status' },
    category: 'basic',
    basis: 'marital status',
    valueType: { kind: 'enum', values: MARITAL_STATUSES },
    nullable: false,
  },
  {
    code: 'fatherName',
    label: { vi: 'Họ, chữ đệm và tên của cha', en: "Father's full name" },
    category: 'basic',
    basis: 'family relationships',
    valueType: { kind: 'text' },
    nullable: true,
  },
  {
    code: 'motherName',
    label: { vi: 'Họ, chữ đệm và tên của mẹ', en: "Mother's full name" },
    category: 'basic',
    basis: 'family relationships',
    valueType: { kind: 'text' },
    nullable: true,
  },
  {
    code: 'spouseName',
    label: { vi: 'Họ, chữ đệm và tên của vợ hoặc chồng', en: "Spouse's full name" },
    category: 'basic',
    basis: 'spouse',
    valueType: { kind: 'text' },
    nullable: true,
  },
  {
    code: 'bloodGroup',
    label: { vi: 'Nhóm máu', en: 'Blood group' },
    category: 'basic',
    basis: 'health, with blood group expressly excepted',
    valueType: { kind: 'enum', values: BLOOD_GROUPS },
    nullable: true,
  },
  {
    code: 'healthInsuranceNumber',
    label: { vi: 'Mã số thẻ bảo hiểm y tế', en: 'Health insurance card number' },
    category: 'sensitive',
    basis: 'bank and insurance data',
    valueType: { kind: 'text', maxLength: 15 },
    nullable: true,
  },
  {
    code: 'socialInsuranceNumber',
    label: { vi: 'Mã số bảo hiểm xã hội', en: 'Social insurance number' },
    category: 'sensitive',
    basis: 'bank and insurance data',
    valueType: { kind: 'digits', lengths: [10] },
    nullable: true,
  },
  {
    code: 'taxNumber',
    label: { vi: 'Mã số thuế', en: 'Tax number' },
    category: 'basic',
    basis: 'personal ID number, which subsumes the tax number',
    valueType: { kind: 'digits', lengths: [10, 12] },
    nullable: true,
  },
  {
    code: 'drivingLicenceNumber',
    label: { vi: 'Số giấy phép lái xe', en: 'Driving licence number' },
    category: 'basic',
    basis: 'other identifying data that is in no sensitive category',
    valueType: { kind: 'digits', lengths: [12] },
    nullable: true,
  },
  {
    code: 'eidLevel',
    label: { vi: 'Mức độ tài khoản định danh điện tử', en: 'Electronic ID account level' },
    category: 'sensitive',
    // Not a credential itself, but it reveals the state of one; the stricter reading costs a
    // consent tick, the looser one would risk an unlawful release.
    basis: 'e-ID credentials',
    valueType: { kind: 'enum', values: [1, 2] },
    nullable: true,
  },
] as const satisfies readonly FieldDefinition[];

export type FieldCode = (typeof FIELD_CATALOGUE)[number]['code'];

// The catalogue decides what may be released; nobody gets to edit it at run time.
for (const field of FIELD_CATALOGUE) Object.freeze(field);
Object.freeze(FIELD_CATALOGUE);

// Compile-time proof that the catalogue and CitizenRecord describe the same fields.
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const _catalogueMatchesRecord: Exactly<FieldCode, keyof CitizenRecord> = true;

const byCode: ReadonlyMap<string, FieldDefinition> = new Map(FIELD_CATALOGUE.map((f) => [f.code, f]));

export function isFieldCode(value: unknown): value is FieldCode {
  return typeof value === 'string' && byCode.has(value);
}

export function fieldDefinition(code: FieldCode): FieldDefinition {
  return byCode.get(code) as FieldDefinition;
}

export function fieldCategory(code: FieldCode): FieldCategory {
  return fieldDefinition(code).category;
}

export const SENSITIVE_FIELDS: readonly FieldCode[] = Object.freeze(
  FIELD_CATALOGUE.filter((f) => f.category === 'sensitive').map((f) => f.code),
);

export const BASIC_FIELDS: readonly FieldCode[] = Object.freeze(
  FIELD_CATALOGUE.filter((f) => f.category === 'basic').map((f) => f.code),
);
