import type { Principal } from '@consentry/shared-auth';
import { ProblemException } from '@consentry/shared-http';

/** The citizen is known only by the keyed pseudonym of their ID number, carried in their access token. */
export function citizenPseudonymOf(principal: Principal): string {
  if (!principal.citizenPseudonym) throw new ProblemException(403, 'not-a-citizen-account', 'Forbidden', 'This account is not linked to a citizen');
  return principal.citizenPseudonym;
}
