import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ApiKeyOwner } from '@consentry/identity-data-access';
import { CurrentPrincipal, PersonAuthGuard, Principal, Roles } from '@consentry/shared-auth';
import { UuidParamPipe } from '@consentry/shared-http';
import { ApiKeyGuard, CurrentOrganisation, RequiresScope } from '../api-key.guard';
import { ApiKeyListView, ApiKeyView, CreateOrganisationDto, IssueApiKeyDto, IssuedApiKeyView, OrganisationView, RotateApiKeyDto, RotatedApiKeyView } from './api-keys.dto';
import { ApiKeysService, KeyManager } from './api-keys.service';

const ownKey = (owner: ApiKeyOwner): KeyManager => ({ kind: 'key', keyId: owner.keyId, scopes: owner.scopes });
const operator = (p: Principal): KeyManager => ({ kind: 'operator', accountId: p.accountId });

/** An organisation manages its own API keys with a key that holds the `keys` scope. */
@ApiTags('organisations')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing, unknown, revoked or expired API key' })
@ApiForbiddenResponse({ description: 'The API key lacks the "keys" scope, or a scope it would hand out' })
@ApiBadRequestResponse({ description: 'Invalid input; `errors` names each field' })
@UseGuards(ApiKeyGuard)
@RequiresScope('keys')
@Controller('v1/organisations/me/api-keys')
export class OwnApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Get()
  @ApiOperation({ summary: "This organisation's API keys, newest first: prefix, label, scopes, status (never the key)" })
  @ApiOkResponse({ type: ApiKeyListView })
  async list(@CurrentOrganisation() owner: ApiKeyOwner): Promise<ApiKeyListView> {
    return { items: await this.keys.list(owner.organisationId) };
  }

  @Post()
  @ApiOperation({ summary: 'Issue a new API key with scopes this key holds; the key is shown in this answer only' })
  @ApiCreatedResponse({ type: IssuedApiKeyView })
  issue(@CurrentOrganisation() owner: ApiKeyOwner, @Body() body: IssueApiKeyDto): Promise<IssuedApiKeyView> {
    return this.keys.issue(owner.organisationId, body, ownKey(owner));
  }

  @Post(':keyId/rotate')
  @ApiOperation({
    summary: 'Replace a key by a new one with the same label and scopes',
    description: 'The old key stops working at once, or after `oldKeyExpiresInSeconds` (at most a week). A key is rotated once; of concurrent rotations one wins, the others get 409.',
  })
  @ApiCreatedResponse({ type: RotatedApiKeyView })
  @ApiNotFoundResponse({ description: 'No key of this organisation has that id' })
  @ApiConflictResponse({ description: 'The key is revoked, expired or was rotated before' })
  rotate(@CurrentOrganisation() owner: ApiKeyOwner, @Param('keyId', new UuidParamPipe('keyId')) keyId: string, @Body() body: RotateApiKeyDto): Promise<RotatedApiKeyView> {
    return this.keys.rotate(owner.organisationId, keyId, body.oldKeyExpiresInSeconds ?? 0, ownKey(owner));
  }

  @Post(':keyId/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke a key: refused from the next request on (a key revoked before stays as it was)' })
  @ApiOkResponse({ type: ApiKeyView })
  @ApiNotFoundResponse({ description: 'No key of this organisation has that id' })
  revoke(@CurrentOrganisation() owner: ApiKeyOwner, @Param('keyId', new UuidParamPipe('keyId')) keyId: string): Promise<ApiKeyView> {
    return this.keys.revoke(owner.organisationId, keyId, ownKey(owner));
  }
}

/** Operators onboard organisations and manage any organisation's keys (its first key, incidents). */
@ApiTags('organisations')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing or invalid access token' })
@ApiBadRequestResponse({ description: 'Invalid input; `errors` names each field' })
@UseGuards(PersonAuthGuard)
@Roles('operator')
@Controller('v1/operator/organisations')
export class OperatorOrganisationsController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @ApiOperation({ summary: 'Register an organisation (a data user)' })
  @ApiCreatedResponse({ type: OrganisationView })
  @ApiConflictResponse({ description: 'The name is taken' })
  create(@Body() body: CreateOrganisationDto): Promise<OrganisationView> {
    return this.keys.createOrganisation(body);
  }

  @Get(':organisationId/api-keys')
  @ApiOperation({ summary: "An organisation's API keys (never the keys themselves)" })
  @ApiOkResponse({ type: ApiKeyListView })
  @ApiNotFoundResponse({ description: 'No such organisation' })
  async list(@Param('organisationId', new UuidParamPipe('organisationId')) organisationId: string): Promise<ApiKeyListView> {
    return { items: await this.keys.listOf(organisationId) };
  }

  @Post(':organisationId/api-keys')
  @ApiOperation({ summary: 'Issue an API key to an organisation (any scopes); the key is shown in this answer only' })
  @ApiCreatedResponse({ type: IssuedApiKeyView })
  @ApiNotFoundResponse({ description: 'No such organisation' })
  issue(
    @Param('organisationId', new UuidParamPipe('organisationId')) organisationId: string,
    @Body() body: IssueApiKeyDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<IssuedApiKeyView> {
    return this.keys.issue(organisationId, body, operator(principal));
  }

  @Post(':organisationId/api-keys/:keyId/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: "Revoke an organisation's key at once (a leaked key, an incident)" })
  @ApiOkResponse({ type: ApiKeyView })
  @ApiNotFoundResponse({ description: 'No key of this organisation has that id' })
  revoke(
    @Param('organisationId', new UuidParamPipe('organisationId')) organisationId: string,
    @Param('keyId', new UuidParamPipe('keyId')) keyId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ApiKeyView> {
    return this.keys.revoke(organisationId, keyId, operator(principal));
  }
}
