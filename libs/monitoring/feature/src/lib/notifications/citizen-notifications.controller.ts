import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { CurrentPrincipal, PersonAuthGuard, Principal, Roles } from '@consentry/shared-auth';
import { citizenPseudonymOf } from '../data-subject-requests/citizen-pseudonym.util';
import { InboxDto, InboxQueryDto, NotificationIdDto, NotificationSettingsDto, NotificationSettingsInputDto, ReplayResultDto } from './notification.dto';
import { CitizenNotificationsService } from './citizen-notifications.service';

/** A citizen opts in to be told of accesses to their data, and reads the in-portal inbox. */
@ApiTags('citizen notifications')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing or invalid access token' })
@UseGuards(PersonAuthGuard)
@Roles('citizen')
@Controller('v1/citizen')
export class CitizenNotificationsController {
  constructor(private readonly notifications: CitizenNotificationsService) {}

  @Put('notification-settings')
  @ApiOperation({ summary: 'Opt in (or change): every access or sensitive fields only; inbox and/or a signed webhook' })
  @ApiOkResponse({ type: NotificationSettingsDto })
  save(@CurrentPrincipal() principal: Principal, @Body() body: NotificationSettingsInputDto): Promise<NotificationSettingsDto> {
    return this.notifications.save(citizenPseudonymOf(principal), body);
  }

  @Get('notification-settings')
  @ApiOperation({ summary: 'My notification settings' })
  @ApiOkResponse({ type: NotificationSettingsDto })
  @ApiNotFoundResponse({ description: 'Not opted in' })
  get(@CurrentPrincipal() principal: Principal): Promise<NotificationSettingsDto> {
    return this.notifications.get(citizenPseudonymOf(principal));
  }

  @Delete('notification-settings')
  @HttpCode(204)
  @ApiOperation({ summary: 'Opt out: no new notifications (the inbox stays)' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'Not opted in' })
  optOut(@CurrentPrincipal() principal: Principal): Promise<void> {
    return this.notifications.optOut(citizenPseudonymOf(principal));
  }

  @Get('notifications')
  @ApiOperation({ summary: 'My inbox, newest first, with the unread count' })
  @ApiOkResponse({ type: InboxDto })
  inbox(@CurrentPrincipal() principal: Principal, @Query() query: InboxQueryDto): Promise<InboxDto> {
    return this.notifications.inbox(citizenPseudonymOf(principal), query);
  }

  @Post('notifications/:id/read')
  @HttpCode(204)
  @ApiOperation({ summary: 'Mark one of my notifications read' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'No such notification of mine' })
  markRead(@CurrentPrincipal() principal: Principal, @Param() params: NotificationIdDto): Promise<void> {
    return this.notifications.markRead(citizenPseudonymOf(principal), params.id);
  }

  @Post('notification-deliveries/replay')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send my webhook notifications that failed every attempt again, to my webhook as it is now set' })
  @ApiOkResponse({ type: ReplayResultDto })
  @ApiNotFoundResponse({ description: 'No webhook set' })
  replay(@CurrentPrincipal() principal: Principal): Promise<ReplayResultDto> {
    return this.notifications.replayDead(citizenPseudonymOf(principal));
  }
}
