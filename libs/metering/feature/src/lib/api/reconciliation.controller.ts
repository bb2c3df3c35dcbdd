import { Body, Controller, Get, HttpCode, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { PersonAuthGuard, Roles } from '@consentry/shared-auth';
import { ValidationProblem } from '@consentry/shared-http';
import { ReconciliationService } from '../reconciliation/reconciliation.service';
import { AuditReconciliationDto } from './metering.dto';
import { FindingDto, ReconciliationDto } from './metering-responses.dto';
import { toFindingDto } from './metering.mapper';

@ApiTags('metering: reconciliation')
@ApiBearerAuth()
@UseGuards(PersonAuthGuard)
@Controller('v1/metering/reconciliations')
export class ReconciliationController {
  constructor(private readonly reconciliation: ReconciliationService) {}

  @Post('ledger')
  @HttpCode(200)
  @Roles('operator')
  @ApiOperation({ summary: 'Check now: every cached balance = sum of its entries, every transaction balanced' })
  @ApiOkResponse({ type: ReconciliationDto })
  ledger(): Promise<ReconciliationDto> {
    return this.reconciliation.reconcileLedger();
  }

  @Post('audit')
  @HttpCode(200)
  @Roles('operator')
  @ApiOperation({ summary: "Check now: one charge per answered request in the audit log and vice versa, in [from, to)" })
  @ApiOkResponse({ type: ReconciliationDto })
  audit(@Body() body: AuditReconciliationDto): Promise<ReconciliationDto> {
    const from = new Date(body.from);
    const to = new Date(body.to);
    if (to <= from || to.getTime() - from.getTime() > 31 * 86_400_000) throw new ValidationProblem([{ field: 'to', message: 'must be after from, at most 31 days later' }]);
    return this.reconciliation.reconcileAudit(from, to);
  }

  @Get('findings')
  @Roles('operator', 'regulator')
  @ApiOperation({ summary: 'Stored reconciliation findings, newest first' })
  @ApiQuery({ name: 'limit', required: false, example: 100 })
  @ApiOkResponse({ type: [FindingDto] })
  async findings(@Query('limit') limit?: string): Promise<FindingDto[]> {
    const n = limit === undefined ? 100 : Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > 1000) throw new ValidationProblem([{ field: 'limit', message: 'must be 1-1000' }]);
    return (await this.reconciliation.findings(n)).map(toFindingDto);
  }
}
