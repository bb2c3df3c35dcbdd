import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ApiKeyOwner } from '@consentry/identity-data-access';
import { ApiKeyGuard, CurrentOrganisation } from './api-key.guard';

class OrganisationDto {
  @ApiProperty() organisationId: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: 'enterprise' }) kind: string;
  @ApiProperty({ example: 'csk_1a2b3c4d5e6f', description: 'Visible prefix of the key used for this call' }) keyPrefix: string;
  @ApiProperty({ example: ['verify', 'lookup'] }) scopes: string[];
}

@ApiTags('organisations')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing, unknown or revoked API key' })
@UseGuards(ApiKeyGuard)
@Controller('v1/organisations')
export class OrganisationController {
  @Get('me')
  @ApiOperation({ summary: 'The organisation and key behind this API key' })
  @ApiOkResponse({ type: OrganisationDto })
  me(@CurrentOrganisation() owner: ApiKeyOwner): OrganisationDto {
    return {
      organisationId: owner.organisationId,
      name: owner.organisationName,
      kind: owner.organisationKind,
      keyPrefix: owner.keyPrefix,
      scopes: owner.scopes,
    };
  }
}
