import { ProblemException } from '@consentry/shared-http';

// Typed errors of the metering services. They are problem+json exceptions too, so a controller
// that lets one escape answers with a stable type; callers switch on the class, not the text.
// Every one is thrown before the service writes anything: the caller's transaction stays usable.

/** The prepaid balance does not cover the charge. HTTP 402. */
export class InsufficientBalanceError extends ProblemException {
  constructor(
    readonly organisationId: string,
    readonly balanceVnd: string,
    readonly requiredVnd: string,
  ) {
    super(402, 'insufficient-balance', 'Insufficient prepaid balance', `This request costs ${requiredVnd} VND; the prepaid balance is ${balanceVnd} VND.`, {
      balanceVnd,
      requiredVnd,
    });
  }
}

/** The organisation's daily unit quota would be exceeded. HTTP 429. */
export class QuotaExceededError extends ProblemException {
  constructor(
    readonly organisationId: string,
    readonly dailyUnits: string,
    readonly usedUnits: string,
  ) {
    super(429, 'quota-exceeded', 'Daily quota exceeded', `The daily quota of ${dailyUnits} fields is used up (${usedUnits} used today, Vietnam time).`, {
      dailyUnits,
      usedUnits,
    });
  }
}

/** The request id was already charged, to another organisation or for something else. HTTP 409. */
export class ChargeConflictError extends ProblemException {
  constructor(readonly requestId: string) {
    super(409, 'charge-conflict', 'Request id already charged differently', 'A charge with this request id exists for another organisation or request.');
  }
}

/** No fee schedule covers the instant, or it does not price the product. HTTP 503 (configuration). */
export class FeeScheduleUnavailableError extends ProblemException {
  constructor(detail: string) {
    super(503, 'fee-schedule-unavailable', 'No fee schedule applies', detail);
  }
}

/** A refund or correction that the ledger rules refuse (unknown charge, more than was charged...). */
export class LedgerRuleError extends ProblemException {
  constructor(status: 404 | 409 | 422, slug: string, title: string, detail: string) {
    super(status, slug, title, detail);
  }
}
