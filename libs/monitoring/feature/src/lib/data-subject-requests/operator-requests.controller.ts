import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { CurrentPrincipal, PersonAuthGuard, Principal, Roles } from '@consentry/shared-auth';
import { AnswerDataSubjectRequestDto, DataSubjectRequestDto, DataSubjectRequestIdDto, DataSubjectRequestListDto, DataSubjectRequestListQueryDto } from './data-subject-request.dto';
import { DataSubjectRequestService } from './data-subject-request.service';

/** The operator's work queue of data-subject requests: acknowledge, then answer. */
@ApiTags('data-subject requests')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing or invalid access token' })
@UseGuards(PersonAuthGuard)
@Roles('operator')
@Controller('v1/operator/data-subject-requests')
export class OperatorRequestsController {
  constructor(private readonly requests: DataSubjectRequestService) {}

  @Get()
  @ApiOperation({ summary: 'Unanswered requests, nearest deadline first (then oldest filing, then by id); nextCursor pages on' })
  @ApiOkResponse({ type: DataSubjectRequestListDto })
  @ApiBadRequestResponse({ description: 'Invalid limit or cursor; `errors` names each field' })
  list(@Query() query: DataSubjectRequestListQueryDto): Promise<DataSubjectRequestListDto> {
    return this.requests.openForOperator(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One request' })
  @ApiOkResponse({ type: DataSubjectRequestDto })
  @ApiNotFoundResponse({ description: 'No such request' })
  get(@Param() params: DataSubjectRequestIdDto): Promise<DataSubjectRequestDto> {
    return this.requests.operatorRequest(params.id);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @ApiOperation({ summary: 'Acknowledge receipt (due within 2 working days of filing)' })
  @ApiOkResponse({ type: DataSubjectRequestDto })
  @ApiNotFoundResponse({ description: 'No such request' })
  @ApiConflictResponse({ description: 'Already acknowledged' })
  acknowledge(@CurrentPrincipal() principal: Principal, @Param() params: DataSubjectRequestIdDto): Promise<DataSubjectRequestDto> {
    return this.requests.acknowledge(params.id, principal.accountId);
  }

  @Post(':id/answer')
  @HttpCode(200)
  @ApiOperation({ summary: 'Answer the request (acknowledges it too, if that was not done)' })
  @ApiOkResponse({ type: DataSubjectRequestDto })
  @ApiNotFoundResponse({ description: 'No such request' })
  @ApiConflictResponse({ description: 'Already answered' })
  answer(@CurrentPrincipal() principal: Principal, @Param() params: DataSubjectRequestIdDto, @Body() body: AnswerDataSubjectRequestDto): Promise<DataSubjectRequestDto> {
    return this.requests.answer(params.id, principal.accountId, body);
  }
}
