import { Controller, Get, Header, Inject, Param, Res, UseGuards } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { PersonAuthGuard, Roles } from '@consentry/shared-auth';
import { UuidParamPipe } from '@consentry/shared-http';
import { Clock, METERING_CLOCK } from '../metering.tokens';
import { renderStatementPdf } from '../statements/statement-pdf.renderer';
import { StatementService } from '../statements/statement.service';
import { DeclarationDto, StatementDto } from './metering-responses.dto';

@ApiTags('metering: statements and declarations')
@ApiBearerAuth()
@ApiBadRequestResponse({ description: 'Bad organisation id or month (YYYY-MM)' })
@UseGuards(PersonAuthGuard)
@Roles('operator', 'regulator')
@Controller('v1/metering')
export class StatementsController {
  constructor(
    private readonly statements: StatementService,
    @Inject(METERING_CLOCK) private readonly clock: Clock,
  ) {}

  @Get('statements/:month')
  @ApiOperation({ summary: 'Organisations with ledger activity in a month (whose statements are due)' })
  @ApiOkResponse({ schema: { type: 'object', properties: { month: { type: 'string' }, organisationIds: { type: 'array', items: { type: 'string' } } } } })
  async due(@Param('month') month: string) {
    return { month, organisationIds: await this.statements.organisationsWithActivity(month) };
  }

  @Get('organisations/:organisationId/statements/:month')
  @ApiOperation({ summary: "An organisation's monthly statement (Vietnam calendar month): per product and purpose, exemptions, totals, balances" })
  @ApiOkResponse({ type: StatementDto })
  statement(@Param('organisationId', new UuidParamPipe('organisationId')) organisationId: string, @Param('month') month: string): Promise<StatementDto> {
    return this.statements.monthlyStatement(organisationId, month);
  }

  @Get('organisations/:organisationId/statements/:month/pdf')
  @ApiOperation({ summary: 'The same statement as a PDF' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'application/pdf', schema: { type: 'string', format: 'binary' } })
  @Header('Cache-Control', 'no-store')
  async pdf(
    @Param('organisationId', new UuidParamPipe('organisationId')) organisationId: string,
    @Param('month') month: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const statement = await this.statements.monthlyStatement(organisationId, month);
    const pdf = await renderStatementPdf(statement, this.clock.now());
    await reply
      .header('Content-Type', 'application/pdf')
      .header('Content-Disposition', `attachment; filename="statement-${month}-${organisationId}.pdf"`)
      .send(pdf);
  }

  @Get('declarations/:month')
  @ApiOperation({ summary: "The collector's monthly fee declaration: collected, 30 % retained, 70 % remitted, due date" })
  @ApiOkResponse({ type: DeclarationDto })
  declaration(@Param('month') month: string): Promise<DeclarationDto> {
    return this.statements.monthlyDeclaration(month);
  }
}
