import { Body, Controller, Get, HttpCode, Param, Post, Put, UseGuards } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiPaymentRequiredResponse,
  ApiServiceUnavailableResponse, ApiTags,
} from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { QuotaRepository } from '@consentry/metering-data-access';
import { CurrentPrincipal, PersonAuthGuard, Principal, Roles } from '@consentry/shared-auth';
import { UuidParamPipe } from '@consentry/shared-http';
import { ChargeService } from '../ledger/charge.service';
import { TopUpService } from '../payments/top-up.service';
import { CheckoutTopUpDto, CorrectionDto, ManualTopUpDto, QuotaDto, RefundDto } from './metering.dto';
import { BalanceDto, LedgerWriteDto, TopUpCheckoutDto } from './metering-responses.dto';
import { toLedgerWriteDto } from './metering.mapper';

const actor = (p: Principal) => `operator:${p.accountId}`;

@ApiTags('metering: ledger')
@ApiBearerAuth()
@UseGuards(PersonAuthGuard)
@Controller('v1/metering')
export class LedgerOperationsController {
  private readonly quotas = new QuotaRepository();

  constructor(
    private readonly charges: ChargeService,
    private readonly topUps: TopUpService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Get('organisations/:organisationId/balance')
  @Roles('operator', 'regulator')
  @ApiOperation({ summary: "An organisation's prepaid balance and today's quota use" })
  @ApiOkResponse({ type: BalanceDto })
  balance(@Param('organisationId', new UuidParamPipe('organisationId')) organisationId: string): Promise<BalanceDto> {
    return this.charges.balance(organisationId);
  }

  @Post('organisations/:organisationId/top-ups')
  @Roles('operator')
  @ApiOperation({ summary: 'Record a top-up received outside Stripe (bank transfer); one per reference' })
  @ApiCreatedResponse({ type: LedgerWriteDto })
  async topUp(
    @Param('organisationId', new UuidParamPipe('organisationId')) organisationId: string,
    @Body() body: ManualTopUpDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<LedgerWriteDto> {
    return toLedgerWriteDto(await this.charges.topUp({ organisationId, amountVnd: body.amountVnd, reference: `manual:${body.reference}`, actor: actor(principal) }));
  }

  @Post('organisations/:organisationId/top-ups/checkout')
  @Roles('operator')
  @ApiOperation({ summary: 'Start a prepaid top-up paid through Stripe Checkout (credited when Stripe confirms payment)' })
  @ApiCreatedResponse({ type: TopUpCheckoutDto })
  @ApiServiceUnavailableResponse({ description: 'No Stripe keys configured' })
  checkout(@Param('organisationId', new UuidParamPipe('organisationId')) organisationId: string, @Body() body: CheckoutTopUpDto): Promise<TopUpCheckoutDto> {
    return this.topUps.startCheckout(organisationId, body.amountVnd);
  }

  @Post('charges/:chargeId/refunds')
  @Roles('operator')
  @ApiOperation({ summary: 'Refund all or part of a charge, with a reason' })
  @ApiCreatedResponse({ type: LedgerWriteDto })
  @ApiNotFoundResponse({ description: 'Unknown charge' })
  @ApiConflictResponse({ description: 'More than is left of the charge' })
  async refund(@Param('chargeId', new UuidParamPipe('chargeId')) chargeId: string, @Body() body: RefundDto, @CurrentPrincipal() principal: Principal): Promise<LedgerWriteDto> {
    return toLedgerWriteDto(await this.charges.refund({ chargeId, amountVnd: body.amountVnd, reason: body.reason, actor: actor(principal), reference: body.reference }));
  }

  @Post('charges/:chargeId/corrections')
  @Roles('operator')
  @ApiOperation({ summary: 'Correct a charge (any time later): a signed amount referencing the original charge, with a reason' })
  @ApiCreatedResponse({ type: LedgerWriteDto })
  @ApiPaymentRequiredResponse({ description: 'A positive correction exceeds the prepaid balance' })
  async correct(@Param('chargeId', new UuidParamPipe('chargeId')) chargeId: string, @Body() body: CorrectionDto, @CurrentPrincipal() principal: Principal): Promise<LedgerWriteDto> {
    return toLedgerWriteDto(await this.charges.correct({ chargeId, deltaVnd: body.deltaVnd, reason: body.reason, actor: actor(principal), reference: body.reference }));
  }

  @Put('organisations/:organisationId/quota')
  @Roles('operator')
  @HttpCode(200)
  @ApiOperation({ summary: "Set an organisation's daily quota in fields (overrides the default)" })
  @ApiOkResponse({ type: BalanceDto })
  async quota(
    @Param('organisationId', new UuidParamPipe('organisationId')) organisationId: string,
    @Body() body: QuotaDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<BalanceDto> {
    await this.quotas.setLimit(this.dataSource, organisationId, BigInt(body.dailyUnits), actor(principal));
    return this.charges.balance(organisationId);
  }
}
