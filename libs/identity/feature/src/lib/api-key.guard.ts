import { CanActivate, ExecutionContext, Injectable, SetMetadata, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { apiKeyPrefix, bearerToken, hashApiKey } from '@consentry/shared-auth';
import { Coalescer } from '@consentry/shared-database';
import { ProblemException } from '@consentry/shared-http';
import { ApiKeyOwner, ApiKeyRepository, ApiKeyScope } from '@consentry/identity-data-access';

const SCOPE_KEY = 'consentry:api-key-scope';

/** The API-key scope an endpoint needs: one of API_KEY_SCOPES (verify, lookup, batch, consent, keys, breaches). */
export const RequiresScope = (scope: ApiKeyScope) => SetMetadata(SCOPE_KEY, scope);

/** The organisation behind the API key of this request. */
export const CurrentOrganisation = createParamDecorator(
  (_: unknown, ctx: ExecutionContext) => ctx.switchToHttp().getRequest<{ apiKeyOwner?: ApiKeyOwner }>().apiKeyOwner,
);

const unauthenticated = () =>
  new ProblemException(401, 'invalid-api-key', 'Invalid API key', 'Send a live organisation API key as "Authorization: Bearer csk_..."');

/** Authenticates an organisation by API key: the key is hashed and looked up, never compared in clear. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  /** Concurrent requests' keys are looked up together, in one statement (ADR 0006). */
  private readonly keys: Coalescer<string, ApiKeyOwner | null>;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly reflector: Reflector,
  ) {
    const repository = new ApiKeyRepository(dataSource);
    this.keys = new Coalescer((hashes) => repository.findLiveByHashes(hashes), { maxBatch: 64, maxInFlight: 1 });
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, unknown>; apiKeyOwner?: ApiKeyOwner }>();
    const key = bearerToken(request.headers['authorization']);
    if (!key || !apiKeyPrefix(key)) throw unauthenticated();
    const owner = await this.keys.call(hashApiKey(key));
    if (!owner) throw unauthenticated();
    const scope = this.reflector.getAllAndOverride<ApiKeyScope | undefined>(SCOPE_KEY, [context.getHandler(), context.getClass()]);
    if (scope && !owner.scopes.includes(scope)) {
      throw new ProblemException(403, 'missing-scope', 'API key lacks a scope', `This operation needs an API key with the "${scope}" scope`);
    }
    request.apiKeyOwner = owner;
    return true;
  }
}
