import { Body, Controller, Get, Param, Post, Query, UseGuards, UseInterceptors } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal, PersonAuthGuard, Principal, Roles } from '@consentry/shared-auth';
import { UuidParamPipe } from '@consentry/shared-http';
import { ConsentRegistryErrorsInterceptor } from '../common/consent-registry-errors.interceptor';
import { recordedBy } from '../common/principal.util';
import { CreateLicenceDto, ListLicencesQueryDto, NewLicenceVersionDto } from './licence.dto';
import { LicenceDetailView, LicencePageView } from './licence.mapper';
import { LicenceManagement } from './licence-management.service';

@ApiTags('licences')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing or invalid access token' })
@ApiBadRequestResponse({ description: 'Invalid input; `errors` names each field' })
@UseGuards(PersonAuthGuard)
@UseInterceptors(ConsentRegistryErrorsInterceptor)
@Controller('v1/licences')
export class LicencesController {
  constructor(private readonly licences: LicenceManagement) {}

  @Post()
  @Roles('operator')
  @ApiOperation({ summary: 'Issue a licence to an organisation (version 1); purposes must be in the consent registry catalogue' })
  @ApiCreatedResponse({ type: LicenceDetailView })
  create(@CurrentPrincipal() me: Principal, @Body() body: CreateLicenceDto): Promise<LicenceDetailView> {
    return this.licences.create(body, recordedBy(me));
  }

  @Post(':id/versions')
  @Roles('operator')
  @ApiOperation({ summary: 'Add a version taking effect at `effectiveFrom` (default now); terms left out carry over from the latest version' })
  @ApiCreatedResponse({ type: LicenceDetailView })
  @ApiNotFoundResponse({ description: 'No such licence' })
  addVersion(@CurrentPrincipal() me: Principal, @Param('id', new UuidParamPipe()) id: string, @Body() body: NewLicenceVersionDto): Promise<LicenceDetailView> {
    return this.licences.addVersion(id, body, recordedBy(me));
  }

  @Get()
  @Roles('operator', 'regulator')
  @ApiOperation({ summary: 'Licences, oldest first, optionally of one organisation, each with the version in force now' })
  @ApiOkResponse({ type: LicencePageView })
  list(@Query() query: ListLicencesQueryDto): Promise<LicencePageView> {
    return this.licences.list(query);
  }

  @Get(':id')
  @Roles('operator', 'regulator')
  @ApiOperation({ summary: 'A licence with every version, when each is in force, and which one is now' })
  @ApiOkResponse({ type: LicenceDetailView })
  @ApiNotFoundResponse({ description: 'No such licence' })
  get(@Param('id', new UuidParamPipe()) id: string): Promise<LicenceDetailView> {
    return this.licences.get(id);
  }
}
