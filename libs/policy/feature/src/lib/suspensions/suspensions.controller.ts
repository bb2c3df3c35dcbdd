import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal, PersonAuthGuard, Principal, Roles } from '@consentry/shared-auth';
import { UuidParamPipe } from '@consentry/shared-http';
import { recordedBy } from '../common/principal.util';
import { CreateSuspensionDto, LiftSuspensionDto, ListSuspensionsQueryDto } from './suspension.dto';
import { SuspensionPageView, SuspensionView } from './suspension.mapper';
import { SuspensionManagement } from './suspension-management.service';

@ApiTags('suspensions')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing or invalid access token' })
@ApiBadRequestResponse({ description: 'Invalid input; `errors` names each field' })
@UseGuards(PersonAuthGuard)
@Roles('regulator', 'operator')
@Controller('v1/suspensions')
export class SuspensionsController {
  constructor(private readonly suspensions: SuspensionManagement) {}

  @Post()
  @ApiOperation({ summary: 'Suspend an organisation or one API key: every decision denies from the moment this returns, on every replica' })
  @ApiCreatedResponse({ type: SuspensionView })
  suspend(@CurrentPrincipal() me: Principal, @Body() body: CreateSuspensionDto): Promise<SuspensionView> {
    return this.suspensions.suspend(body, recordedBy(me));
  }

  @Post(':id/lift')
  @HttpCode(200)
  @ApiOperation({ summary: 'Lift a suspension (final; a regulator\'s suspension only by a regulator)' })
  @ApiOkResponse({ type: SuspensionView })
  @ApiNotFoundResponse({ description: 'No such suspension' })
  @ApiConflictResponse({ description: 'Already lifted' })
  lift(@CurrentPrincipal() me: Principal, @Param('id', new UuidParamPipe()) id: string, @Body() body: LiftSuspensionDto): Promise<SuspensionView> {
    return this.suspensions.lift(id, body, recordedBy(me));
  }

  @Get()
  @ApiOperation({ summary: 'Suspensions, newest first, with who suspended and lifted them and why (the history is never rewritten)' })
  @ApiOkResponse({ type: SuspensionPageView })
  list(@Query() query: ListSuspensionsQueryDto): Promise<SuspensionPageView> {
    return this.suspensions.list(query);
  }
}
