import { CONSENT_OPERATION_FOR } from './policy.constant';
import type { ConsentSnapshot, ConsentState, DecisionReason, DecisionRequest } from './policy.types';
import type { ReasonCode } from './reason-code.constant';
import { text } from './message-text.util';

const NO_PROBLEMS: readonly DecisionReason[] = Object.freeze([]);

const STATE_CODES: ReadonlyMap<string, ReasonCode> = new Map<Exclude<ConsentState, 'ACTIVE'>, ReasonCode>([
  ['PENDING', 'CONSENT_PENDING'],
  ['REJECTED', 'CONSENT_REJECTED'],
  ['PAUSED', 'CONSENT_PAUSED'],
  ['REVOKED', 'CONSENT_REVOKED'],
  ['EXPIRED', 'CONSENT_EXPIRED'],
]);

/**
 * Every reason the consent cannot be relied on for this request; empty when it can. All are
 * reported (not just the first) so an explanation names each thing that would need to change.
 */
export function consentProblems(request: DecisionRequest, nowMs: number): readonly DecisionReason[] {
  const consent = request.consent;
  if (!consent) {
    return [{ code: 'CONSENT_MISSING', message: text`The citizen has given this organisation no consent for purpose ${request.purposeCode}.` }];
  }
  let problems: DecisionReason[] | undefined;
  const add = (code: ReasonCode, message: string) => (problems ??= []).push({ code, message });
  const id = consent.consentId;

  if (consent.purposeCode !== request.purposeCode) {
    add('CONSENT_PURPOSE_MISMATCH', text`Consent ${id} is for purpose ${consent.purposeCode}, not ${request.purposeCode}.`);
  }
  if (consent.state !== 'ACTIVE') {
    const code = STATE_CODES.get(consent.state);
    if (code) add(code, stateMessage(code, id));
    else add('CONSENT_MISSING', text`Consent ${id} is in an unrecognised state and cannot be relied on.`);
  }
  if (!(Date.parse(consent.validFrom) <= nowMs)) {
    add('CONSENT_NOT_YET_VALID', text`Consent ${id} is in force only from ${consent.validFrom}.`);
  }
  if (!(nowMs < Date.parse(consent.validTo)) && consent.state !== 'EXPIRED') {
    add('CONSENT_EXPIRED', text`Consent ${id} expired at ${consent.validTo}.`);
  }
  const needed = typeof request.operation === 'string' && Object.hasOwn(CONSENT_OPERATION_FOR, request.operation) ? CONSENT_OPERATION_FOR[request.operation] : undefined;
  if (needed === undefined || !Array.isArray(consent.operations) || !consent.operations.includes(needed)) {
    add('OPERATION_NOT_CONSENTED', text`Consent ${id} does not allow ${needed ?? 'this operation'}.`);
  }
  if (frequencyExceeded(consent)) {
    const { limit, period } = consent.frequency!;
    add(
      'CONSENT_FREQUENCY_EXCEEDED',
      `Consent ${id} allows ${limit} use(s) ${period === 'once' ? 'in all' : text`per ${period}`}; ${consent.usesInPeriod} already made.`,
    );
  }
  return problems ?? NO_PROBLEMS;
}

/** This decision would be use number usesInPeriod + 1. */
function frequencyExceeded(consent: ConsentSnapshot): boolean {
  return consent.frequency !== null && consent.frequency !== undefined && !(consent.usesInPeriod < consent.frequency.limit);
}

function stateMessage(code: ReasonCode, id: string): string {
  switch (code) {
    case 'CONSENT_PENDING':
      return text`Consent request ${id} has not been answered; silence is never consent.`;
    case 'CONSENT_REJECTED':
      return text`The citizen rejected consent request ${id}.`;
    case 'CONSENT_PAUSED':
      return text`The citizen paused consent ${id}.`;
    case 'CONSENT_REVOKED':
      return text`The citizen revoked consent ${id}.`;
    default:
      return text`Consent ${id} has expired.`;
  }
}
