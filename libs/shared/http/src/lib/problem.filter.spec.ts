import { HttpException } from '@nestjs/common';
import { cursorKey, isUuidPart } from '@consentry/shared-database';
import { ProblemException, ValidationProblem } from './problem';
import { isDatabaseUnavailable, logProblem, toProblem } from './problem.filter';

describe('toProblem', () => {
  it('keeps the type, status and extensions of a ProblemException', () => {
    const p = toProblem(new ProblemException(403, 'access-denied', 'Access denied', 'no consent', { reasonCode: 'CONSENT_MISSING' }), 'req-1');
    expect(p).toMatchObject({ type: 'https://consentry.dev/problems/access-denied', status: 403, reasonCode: 'CONSENT_MISSING', requestId: 'req-1' });
  });

  it('names every invalid field of a validation problem', () => {
    const p = toProblem(new ValidationProblem([{ field: 'citizenId', message: 'must be 12 digits' }]));
    expect(p).toMatchObject({ status: 400, type: 'https://consentry.dev/problems/validation', errors: [{ field: 'citizenId', message: 'must be 12 digits' }] });
  });

  it('answers a cursor a repository refused as the 400 naming cursor, not a 500', () => {
    let refused: unknown;
    try {
      cursorKey('bm90LWEta2V5', [isUuidPart]);
    } catch (error) {
      refused = error;
    }
    expect(toProblem(refused, 'req-2')).toMatchObject({
      status: 400,
      type: 'https://consentry.dev/problems/validation',
      errors: [{ field: 'cursor', message: 'is not a cursor from this list' }],
      requestId: 'req-2',
    });
  });

  it('maps a lost or refused database connection to 503, without its message', () => {
    for (const error of [
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      new Error('Connection terminated unexpectedly'),
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      { name: 'QueryFailedError', message: 'x', driverError: { code: '08006' } },
    ]) {
      expect(isDatabaseUnavailable(error)).toBe(true);
      const p = toProblem(error);
      expect(p).toMatchObject({ status: 503, type: 'https://consentry.dev/problems/database-unavailable', retryAfterSeconds: 5 });
      expect(JSON.stringify(p)).not.toContain('5432');
    }
  });

  it('hides the message of an unexpected error behind a generic 500', () => {
    const p = toProblem(new Error('relation "gateway.secret_table" does not exist'));
    expect(p).toEqual({ type: 'https://consentry.dev/problems/internal', title: 'Internal error', status: 500, detail: 'An unexpected error occurred', requestId: undefined });
    expect(isDatabaseUnavailable(new Error('duplicate key value'))).toBe(false);
  });

  it('turns a plain HttpException into a problem with a default type', () => {
    expect(toProblem(new HttpException('Not here', 404))).toMatchObject({ type: 'https://consentry.dev/problems/not-found', status: 404, detail: 'Not here' });
  });
});

describe('logProblem', () => {
  const logger = () => ({ warn: jest.fn(), error: jest.fn() });

  it('logs a deliberate 503 at warn, without a stack', () => {
    const l = logger();
    const error = new ProblemException(503, 'sign-in-busy', 'Sign-in busy', 'retry shortly', { retryAfterSeconds: 1 });
    logProblem(l, error, toProblem(error, 'req-1'), 'req-1');
    expect(l.error).not.toHaveBeenCalled();
    expect(l.warn).toHaveBeenCalledWith({ msg: 'request refused', requestId: 'req-1', status: 503, type: 'https://consentry.dev/problems/sign-in-busy' });
  });

  it('logs a fault and a lost database at error, with the stack', () => {
    for (const error of [new Error('boom'), Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })]) {
      const l = logger();
      logProblem(l, error, toProblem(error), 'req-2');
      expect(l.warn).not.toHaveBeenCalled();
      expect(l.error).toHaveBeenCalledWith(expect.objectContaining({ msg: 'request failed', requestId: 'req-2' }), error.stack);
    }
  });

  it('leaves client errors alone', () => {
    const l = logger();
    const error = new ValidationProblem([{ field: 'citizenId', message: 'must be 12 digits' }]);
    logProblem(l, error, toProblem(error));
    expect(l.warn).not.toHaveBeenCalled();
    expect(l.error).not.toHaveBeenCalled();
  });
});
