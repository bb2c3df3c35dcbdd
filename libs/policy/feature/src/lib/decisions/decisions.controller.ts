import { Body, Controller, HttpCode, Post, Req, UseGuards, UseInterceptors } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentPrincipal, PersonAuthGuard, Principal, Roles } from '@consentry/shared-auth';
import { ConsentRegistryErrorsInterceptor } from '../common/consent-registry-errors.interceptor';
import { DecisionRequestDto, SimulationRequestDto } from './decision.dto';
import { DecisionView, SimulationView } from './decision.mapper';
import { DecisionService } from './decision.service';
import { SimulationService } from './simulation.service';

@ApiTags('decisions')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing or invalid access token' })
@ApiBadRequestResponse({ description: 'Invalid input; `errors` names each field' })
@UseGuards(PersonAuthGuard)
@Roles('operator', 'regulator')
@UseInterceptors(ConsentRegistryErrorsInterceptor)
@Controller('v1/decisions')
export class DecisionsController {
  constructor(
    private readonly decisions: DecisionService,
    private readonly simulations: SimulationService,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Decide a request as the gateway would now, and explain it',
    description:
      'Reads the licence version and suspension in force and the citizen\'s consent, and returns the decision, allowed fields, '
      + 'obligations, reasons and policy version. Every decision, allow or deny, is logged as an audit event (operation "decision") '
      + 'about the organisation named, with `actor` = your role and account id: the citizen\'s access log shows it as asked by '
      + 'an operator or regulator (`requestedBy`), not as something the organisation did.',
  })
  @ApiOkResponse({ type: DecisionView })
  @ApiServiceUnavailableResponse({ description: 'The decision could not be logged, or the consent registry data is missing' })
  @ApiForbiddenResponse({ description: 'For: operator, regulator; or an account the audit log cannot name as the actor (`actor-not-recordable`)' })
  decide(@Body() body: DecisionRequestDto, @Req() request: FastifyRequest, @CurrentPrincipal() me: Principal): Promise<DecisionView> {
    return this.decisions.decide(body, String(request.id), me);
  }

  @Post('simulate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'What would happen if: a hypothetical request, a proposed licence or consent, another instant',
    description: 'No side effects: nothing is written, queued or logged as an access.',
  })
  @ApiOkResponse({ type: SimulationView })
  simulate(@Body() body: SimulationRequestDto): Promise<SimulationView> {
    return this.simulations.simulate(body);
  }
}
