import { Module } from '@nestjs/common';
import { OperatorOrganisationsController, OwnApiKeysController } from './api-keys/api-keys.controller';
import { ApiKeysService } from './api-keys/api-keys.service';
import { OrganisationController } from './organisation.controller';

/**
 * For services that organisations call with their API key: `GET /v1/organisations/me`, the
 * organisation's own key management (`keys` scope), and operators' onboarding of organisations
 * and their keys.
 */
@Module({ controllers: [OrganisationController, OwnApiKeysController, OperatorOrganisationsController], providers: [ApiKeysService] })
export class OrganisationsModule {}
