import { LocalDate } from './fee.types';
import { isLocalDate } from '@consentry/shared-vietnam-time';

/**
 * The identifier of the one Stripe meter event that reports an organisation's usage of one
 * Vietnam day. Deterministic, so a retried report is the same event and Stripe (which keeps
 * identifiers unique) never counts it twice. At most 100 characters, as Stripe requires.
 */
export function usageEventIdentifier(organisationId: string, day: LocalDate): string {
  if (!isLocalDate(day)) throw new RangeError(`not a date: ${day}`);
  if (!/^[0-9a-f-]{36}$/i.test(organisationId)) throw new RangeError('organisationId must be a UUID');
  return `consentry-usage-${organisationId.toLowerCase()}-${day}`;
}
