import { idNumberCurrentYear, validateIdNumber } from '@consentry/population-domain';
import { pseudonymFor } from '@consentry/shared-auth';
import { ValidationProblem } from '@consentry/shared-http';

/** The keyed pseudonym of a valid ID number; a malformed one is a 400 naming the field (never echoing the number). */
export function citizenPseudonym(pseudonymKey: string, idNumber: string, now: Date, field = 'citizenId'): string {
  const checked = validateIdNumber(idNumber, { currentYear: idNumberCurrentYear(now) });
  if (!checked.valid) throw new ValidationProblem(checked.errors.map((e) => ({ field, message: e.message })));
  return pseudonymFor(pseudonymKey, idNumber);
}
