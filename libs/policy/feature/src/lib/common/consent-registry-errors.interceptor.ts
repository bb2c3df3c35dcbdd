import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable, catchError, throwError } from 'rxjs';
import { ConsentRegistryUnavailable } from '@consentry/policy-data-access';
import { consentRegistryUnavailable } from './policy-problems.util';

/** Answers 503 (problem+json) rather than 500 when the consent registry's schema is missing. */
@Injectable()
export class ConsentRegistryErrorsInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(catchError((error) => throwError(() => (error instanceof ConsentRegistryUnavailable ? consentRegistryUnavailable() : error))));
  }
}
