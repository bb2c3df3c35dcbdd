import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { PersonAuthGuard, Roles } from '@consentry/shared-auth';
import { OverdueRequestsDto } from './data-subject-request.dto';
import { DataSubjectRequestService } from './data-subject-request.service';

/** Escalation: requests past their statutory deadlines, for the regulator's dashboard. */
@ApiTags('data-subject requests')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing or invalid access token' })
@UseGuards(PersonAuthGuard)
@Roles('regulator')
@Controller('v1/regulator/data-subject-requests')
export class RegulatorRequestsController {
  constructor(private readonly requests: DataSubjectRequestService) {}

  @Get('overdue')
  @ApiOperation({ summary: 'Requests past their acknowledgement or answer deadline, with counts (no request content)' })
  @ApiOkResponse({ type: OverdueRequestsDto })
  overdue(): Promise<OverdueRequestsDto> {
    return this.requests.overdue();
  }
}
