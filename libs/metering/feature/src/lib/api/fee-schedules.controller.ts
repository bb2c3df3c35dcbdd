import { Body, Controller, Get, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, PersonAuthGuard, Principal, Roles } from '@consentry/shared-auth';
import { FeeScheduleService } from '../schedules/fee-schedule.service';
import { PublishFeeScheduleDto } from './metering.dto';
import { FeeScheduleDto } from './metering-responses.dto';
import { fromPublishDto, toFeeScheduleDto } from './metering.mapper';

@ApiTags('metering: fee schedules')
@ApiBearerAuth()
@UseGuards(PersonAuthGuard)
@Controller('v1/metering/fee-schedules')
export class FeeSchedulesController {
  constructor(private readonly schedules: FeeScheduleService) {}

  @Get()
  @Roles('operator', 'regulator')
  @ApiOperation({ summary: 'Every fee schedule version, in publication order' })
  @ApiOkResponse({ type: [FeeScheduleDto] })
  async list(): Promise<FeeScheduleDto[]> {
    return (await this.schedules.list()).map(toFeeScheduleDto);
  }

  @Get(':version')
  @Roles('operator', 'regulator')
  @ApiOperation({ summary: 'One fee schedule version' })
  @ApiOkResponse({ type: FeeScheduleDto })
  @ApiNotFoundResponse({ description: 'Unknown version' })
  async get(@Param('version') version: string): Promise<FeeScheduleDto> {
    return toFeeScheduleDto(await this.schedules.find(version));
  }

  @Post()
  @Roles('operator')
  @ApiOperation({ summary: 'Publish a new fee schedule version, effective from a future Vietnam date', description: 'Versions are never edited; a correction is a new version.' })
  @ApiCreatedResponse({ type: FeeScheduleDto })
  @ApiBadRequestResponse({ description: 'Invalid schedule, or an effective date that is not in the future' })
  @ApiConflictResponse({ description: 'Version name already published' })
  async publish(@Body() body: PublishFeeScheduleDto, @CurrentPrincipal() principal: Principal): Promise<FeeScheduleDto> {
    return toFeeScheduleDto(await this.schedules.publish(fromPublishDto(body), `operator:${principal.accountId}`));
  }
}
