import { EntityManager } from 'typeorm';
import type { ConsentSnapshot, Licence, OrganisationSuspension } from '@consentry/policy-domain';

/** The inputs of an in-process decision, read live on every request in the caller's transaction. */
export abstract class PolicySource {
  abstract forRequest(
    manager: EntityManager,
    organisationId: string,
    apiKeyId: string,
    purposeCode: string,
    now: Date,
  ): Promise<{ licence?: Licence; suspension: OrganisationSuspension | null; policyVersion: string }>;

  /** The consent that decides the request; usesInPeriod is left for the caller to count. */
  abstract consentFor(manager: EntityManager, citizenPseudonym: string, organisationId: string, purposeCode: string, now: Date): Promise<ConsentSnapshot | undefined>;
}

export interface ChargeRequest {
  requestId: string;
  organisationId: string;
  organisationKind: string;
  product: 'SPDC01' | 'SPDC04';
  purpose: string;
  fieldsCount: number;
  citizenSelf: boolean;
  at: Date;
}

export interface Charge {
  chargeId: string;
  product: string;
  units: number;
  amountVnd: string;
  scheduleVersion: string;
  exemption?: string;
}

/** Thrown by a Meter when the prepaid balance or a quota would be exceeded; nothing is charged. */
export class ChargeRefused extends Error {
  constructor(
    readonly reason: 'insufficient-balance' | 'quota-exceeded',
    message: string,
  ) {
    super(message);
  }
}

/** Fees under the fee schedule, charged against the prepaid balance inside the caller's transaction. */
export abstract class Meter {
  abstract charge(manager: EntityManager, request: ChargeRequest): Promise<Charge>;
  abstract balance(organisationId: string): Promise<{ balanceVnd: string; currency: 'VND' }>;
}
