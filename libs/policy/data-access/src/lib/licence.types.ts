import type { Licence } from '@consentry/policy-domain';

/** Who recorded a row: the account id from the access token, and its role. */
export interface RecordedBy {
  accountId: string;
  role: string;
}

export interface LicenceRecord {
  id: string;
  organisationId: string;
  createdBy: string;
  createdAt: string;
}

/** One immutable version of a licence, with when it is in force. */
export interface StoredLicenceVersion {
  licenceId: string;
  version: number;
  /** Inclusive. */
  effectiveFrom: string;
  /** Exclusive: when the next version takes over; null for the latest version. */
  effectiveTo: string | null;
  licence: Licence;
  note: string | null;
  createdBy: RecordedBy;
  createdAt: string;
}

export interface NewLicenceVersion {
  licence: Licence;
  effectiveFrom: Date;
  note: string | null;
  createdBy: RecordedBy;
}

/** A licence in a list: the version in force at the time asked, if any, and the newest version number. */
export interface LicenceSummary extends LicenceRecord {
  latestVersion: number;
  current: StoredLicenceVersion | null;
}
