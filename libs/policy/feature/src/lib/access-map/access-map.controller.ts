import { Controller, Get, Inject, Query, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { CurrentPrincipal, PersonAuthGuard, Principal, Roles } from '@consentry/shared-auth';
import { ProblemException } from '@consentry/shared-http';
import { ConsentRegistryErrorsInterceptor } from '../common/consent-registry-errors.interceptor';
import { citizenPseudonym } from '../decisions/citizen-pseudonym.util';
import { CLOCK, Clock, POLICY_SETTINGS, PolicySettings } from '../policy.tokens';
import { AccessMapQueryDto, MyAccessMapQueryDto } from './access-map.dto';
import { AccessMapPageView } from './access-map.mapper';
import { AccessMapService } from './access-map.service';

@ApiTags('access map')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing or invalid access token' })
@ApiBadRequestResponse({ description: 'Invalid input; `errors` names each field' })
@UseGuards(PersonAuthGuard)
@UseInterceptors(ConsentRegistryErrorsInterceptor)
@Controller('v1')
export class AccessMapController {
  constructor(
    private readonly accessMap: AccessMapService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(POLICY_SETTINGS) private readonly settings: PolicySettings,
  ) {}

  @Get('access-map')
  @Roles('regulator')
  @ApiOperation({ summary: "Every organisation that may access one field of a citizen now, and under which licence (complete, paginated)" })
  @ApiOkResponse({ type: AccessMapPageView })
  forCitizen(@Query() query: AccessMapQueryDto): Promise<AccessMapPageView> {
    const pseudonym = citizenPseudonym(this.settings.pseudonymKey, query.citizenId, this.clock.now());
    return this.accessMap.forCitizen(pseudonym, query);
  }

  @Get('me/access-map')
  @Roles('citizen')
  @ApiOperation({ summary: 'Every organisation that may access one field of my data now, and under which licence (complete, paginated)' })
  @ApiOkResponse({ type: AccessMapPageView })
  forMe(@CurrentPrincipal() me: Principal, @Query() query: MyAccessMapQueryDto): Promise<AccessMapPageView> {
    if (!me.citizenPseudonym) throw new ProblemException(403, 'forbidden', 'Forbidden', 'This token names no citizen');
    return this.accessMap.forCitizen(me.citizenPseudonym, query);
  }
}
