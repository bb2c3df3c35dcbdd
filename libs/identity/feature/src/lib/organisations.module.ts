import { DynamicModule, Module, Type } from '@nestjs/common';
import { OperatorOrganisationsController, OwnApiKeysController } from './api-keys/api-keys.controller';
import { ApiKeysService } from './api-keys/api-keys.service';
import { KeySuspensions } from './api-keys/key-suspensions.port';
import { OrganisationController } from './organisation.controller';

/**
 * For services that organisations call with their API key: `GET /v1/organisations/me`, the
 * organisation's own key management (`keys` scope), and operators' onboarding of organisations
 * and their keys. `suspensions` tells key management which keys are suspended.
 */
@Module({})
export class OrganisationsModule {
  static register(suspensions: Type<KeySuspensions>): DynamicModule {
    return {
      module: OrganisationsModule,
      controllers: [OrganisationController, OwnApiKeysController, OperatorOrganisationsController],
      providers: [ApiKeysService, { provide: KeySuspensions, useClass: suspensions }],
    };
  }
}
