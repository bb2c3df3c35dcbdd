import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { CurrentPrincipal, PersonAuthGuard, Principal, Roles } from '@consentry/shared-auth';
import { citizenPseudonymOf } from './citizen-pseudonym.util';
import { DataSubjectRequestDto, DataSubjectRequestIdDto, DataSubjectRequestListDto, DataSubjectRequestListQueryDto, FileDataSubjectRequestDto } from './data-subject-request.dto';
import { DataSubjectRequestService } from './data-subject-request.service';

/** A citizen exercises their rights (access, correction, copy, erasure, restriction, objection, withdrawal). */
@ApiTags('data-subject requests')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing or invalid access token' })
@UseGuards(PersonAuthGuard)
@Roles('citizen')
@Controller('v1/citizen/data-subject-requests')
export class CitizenRequestsController {
  constructor(private readonly requests: DataSubjectRequestService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'File a request; acknowledgement and answer deadlines are fixed now, in working days in Vietnam' })
  @ApiCreatedResponse({ type: DataSubjectRequestDto })
  file(@CurrentPrincipal() principal: Principal, @Body() body: FileDataSubjectRequestDto): Promise<DataSubjectRequestDto> {
    return this.requests.file(citizenPseudonymOf(principal), body.kind, body.details ?? null);
  }

  @Get()
  @ApiOperation({ summary: 'My requests, newest first (then by id); nextCursor pages on' })
  @ApiOkResponse({ type: DataSubjectRequestListDto })
  @ApiBadRequestResponse({ description: 'Invalid limit or cursor; `errors` names each field' })
  list(@CurrentPrincipal() principal: Principal, @Query() query: DataSubjectRequestListQueryDto): Promise<DataSubjectRequestListDto> {
    return this.requests.forCitizen(citizenPseudonymOf(principal), query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One of my requests and where it stands' })
  @ApiOkResponse({ type: DataSubjectRequestDto })
  @ApiNotFoundResponse({ description: 'No such request of mine' })
  get(@CurrentPrincipal() principal: Principal, @Param() params: DataSubjectRequestIdDto): Promise<DataSubjectRequestDto> {
    return this.requests.citizenRequest(citizenPseudonymOf(principal), params.id);
  }
}
