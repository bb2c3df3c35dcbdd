import { HttpStatus } from '@nestjs/common';
import type { LicenceProblem } from '@consentry/policy-domain';
import { FieldError, ProblemException, ValidationProblem } from '@consentry/shared-http';

/** Purpose codes as the consent registry's catalogue defines them. */
export const PURPOSE_CODE = /^[a-z0-9][a-z0-9-]{1,63}$/;

/**
 * Licence problems as request field errors, in the dotted form the validation pipe uses for
 * nested fields (`grants.0.fields.1`), under an optional prefix such as `licence`.
 */
export function licenceFieldErrors(problems: readonly LicenceProblem[], prefix = ''): FieldError[] {
  return problems.map((p) => ({
    field: (prefix ? `${prefix}.` : '') + p.path.replace(/\[(\d+)\]/g, '.$1'),
    message: p.message,
  }));
}

export function throwIfAny(errors: FieldError[]): void {
  if (errors.length > 0) throw new ValidationProblem(errors);
}

export const consentRegistryUnavailable = () =>
  new ProblemException(
    HttpStatus.SERVICE_UNAVAILABLE,
    'consent-registry-unavailable',
    'Consent registry data unavailable',
    'The consent registry has not published its purposes and consents in this database yet; start it once, then retry',
  );
