import { CanActivate, ExecutionContext, Injectable, SetMetadata, applyDecorators, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiForbiddenResponse } from '@nestjs/swagger';
import { ProblemException } from '@consentry/shared-http';
import { AccessTokens, Principal, Role } from './access-token';

const ROLES_KEY = 'consentry:roles';

/** Restricts a handler (or controller) to people holding one of these roles; the others' 403 is in the OpenAPI document. */
export const Roles = (...roles: Role[]) => applyDecorators(SetMetadata(ROLES_KEY, roles), ApiForbiddenResponse({ description: `For: ${roles.join(', ')}` }));

/** The authenticated person, set by PersonAuthGuard. */
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext) => ctx.switchToHttp().getRequest<{ principal?: Principal }>().principal,
);

export function bearerToken(header: unknown): string | undefined {
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header.trim());
  return match?.[1];
}

/** Requires a valid access token, and one of the roles named with @Roles when there are any. */
@Injectable()
export class PersonAuthGuard implements CanActivate {
  constructor(
    private readonly tokens: AccessTokens,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, unknown>; principal?: Principal }>();
    const token = bearerToken(request.headers['authorization']);
    const principal = token ? this.tokens.verify(token) : undefined;
    if (!principal) {
      throw new ProblemException(401, 'unauthenticated', 'Authentication required', 'Send a valid, unexpired access token as "Authorization: Bearer <token>"');
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [context.getHandler(), context.getClass()]);
    if (roles?.length && !roles.includes(principal.role)) {
      throw new ProblemException(403, 'forbidden-role', 'Forbidden', `This operation is for: ${roles.join(', ')}`);
    }
    request.principal = principal;
    return true;
  }
}
