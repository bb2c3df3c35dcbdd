import { HttpException, HttpStatus } from '@nestjs/common';

export const PROBLEM_BASE = 'https://consentry.dev/problems/';
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** One invalid input, named by its path in the request (e.g. "claims.fullName", "body"). */
export interface FieldError {
  field: string;
  message: string;
}

/** RFC 9457 problem details, with this platform's extensions. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

const DEFAULT_SLUGS: Record<number, [string, string]> = {
  400: ['bad-request', 'Bad request'],
  401: ['unauthenticated', 'Authentication required'],
  403: ['forbidden', 'Forbidden'],
  404: ['not-found', 'Not found'],
  405: ['method-not-allowed', 'Method not allowed'],
  409: ['conflict', 'Conflict'],
  413: ['payload-too-large', 'Payload too large'],
  415: ['unsupported-media-type', 'Unsupported media type'],
  422: ['unprocessable', 'Unprocessable request'],
  429: ['rate-limited', 'Too many requests'],
  500: ['internal', 'Internal error'],
  503: ['unavailable', 'Service unavailable'],
};

export function defaultProblem(status: number): { type: string; title: string } {
  const [slug, title] = DEFAULT_SLUGS[status] ?? [status >= 500 ? 'internal' : 'bad-request', HttpStatus[status] ?? 'Error'];
  return { type: PROBLEM_BASE + slug, title };
}

/**
 * Throw this from any layer to answer with a problem+json body. `slug` is the stable part
 * of the type URI that clients switch on, e.g. "validation" or "consent-revoked".
 */
export class ProblemException extends HttpException {
  constructor(
    status: number,
    slug: string,
    title: string,
    detail?: string,
    extensions: Record<string, unknown> = {},
  ) {
    super({ type: PROBLEM_BASE + slug, title, status, detail, ...extensions }, status);
  }
}

export class ValidationProblem extends ProblemException {
  constructor(errors: FieldError[], detail?: string) {
    super(
      HttpStatus.BAD_REQUEST,
      'validation',
      'Invalid request',
      detail ?? errors.map((e) => `${e.field}: ${e.message}`).join('; '),
      { errors },
    );
  }
}

/** The 400 of a keyset-paged list given a `cursor` it did not issue (forged, truncated, another list's). */
export const notACursorOfThisList = (): ValidationProblem => new ValidationProblem([{ field: 'cursor', message: 'is not a cursor from this list' }]);
