import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { InvalidCursorError } from '@consentry/shared-database';
import { PROBLEM_BASE, PROBLEM_CONTENT_TYPE, ProblemBody, ProblemException, defaultProblem, notACursorOfThisList } from './problem';

/**
 * Turns any error into an RFC 9457 problem+json body. Unknown errors become a generic 500:
 * the body never carries a stack trace, SQL text or the internal message.
 */
export function toProblem(error: unknown, requestId?: string): ProblemBody {
  if (error instanceof InvalidCursorError) return toProblem(notACursorOfThisList(), requestId);
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const base = defaultProblem(status);
    if (typeof response === 'object' && response !== null && 'type' in response) {
      return { ...base, ...(response as Partial<ProblemBody>), status, requestId };
    }
    const message =
      typeof response === 'string'
        ? response
        : (response as { message?: string | string[] }).message;
    const detail = Array.isArray(message) ? message.join('; ') : message;
    return { ...base, status, detail: detail ?? undefined, requestId };
  }
  if (isDatabaseUnavailable(error)) {
    return {
      type: PROBLEM_BASE + 'database-unavailable',
      title: 'Service unavailable',
      status: 503,
      detail: 'The database cannot be reached; nothing was answered or charged. Retry later.',
      retryAfterSeconds: 5,
      requestId,
    };
  }
  const status = statusOfFrameworkError(error);
  if (status) {
    const { message } = error as { message?: string };
    return { ...defaultProblem(status), status, detail: message, requestId };
  }
  return { ...defaultProblem(500), status: 500, detail: 'An unexpected error occurred', requestId };
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006', '3D000']);

/** A lost or refused database connection: the service answers 503, never a half-done answer. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const e = (error ?? {}) as { code?: string; message?: string; driverError?: unknown };
  if (e.code && CONNECTION_CODES.has(e.code)) return true;
  if (typeof e.message === 'string' && /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED/.test(e.message)) return true;
  return e.driverError !== undefined && isDatabaseUnavailable(e.driverError);
}

/** Fastify's own errors (bad JSON, body too large, wrong content type) carry a 4xx statusCode. */
function statusOfFrameworkError(error: unknown): number | undefined {
  const { statusCode, code } = (error ?? {}) as { statusCode?: number; code?: string };
  if (typeof code === 'string' && code.startsWith('FST_') && statusCode && statusCode >= 400 && statusCode < 500) {
    return statusCode;
  }
  return undefined;
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(error: unknown, host: ArgumentsHost) {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const problem = toProblem(error, request?.id);
    logProblem(this.logger, error, problem, request?.id);
    sendProblem(reply, problem);
  }
}

/**
 * Server-side answers are logged: a refusal the code chose on purpose (a ProblemException: a
 * decision that cannot be logged, sign-in busy) at warn, without a stack, as an expected state of
 * the service; anything else (a fault, a lost database) at error with its stack. Client errors
 * (4xx) are the client's and are not logged here.
 */
export function logProblem(logger: Pick<Logger, 'warn' | 'error'>, error: unknown, problem: ProblemBody, requestId?: string): void {
  if (problem.status < 500) return;
  if (error instanceof ProblemException) {
    logger.warn({ msg: 'request refused', requestId, status: problem.status, type: problem.type });
    return;
  }
  const e = error as Error;
  logger.error({ msg: 'request failed', requestId, error: e?.name, errorMessage: e?.message }, e?.stack);
}

export function sendProblem(reply: FastifyReply, problem: ProblemBody) {
  const retryAfter = problem['retryAfterSeconds'];
  if (typeof retryAfter === 'number') reply.header('Retry-After', String(retryAfter));
  reply.status(problem.status).header('Content-Type', PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}
