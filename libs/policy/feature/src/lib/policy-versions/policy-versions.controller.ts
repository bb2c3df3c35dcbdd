import { Controller, Get, HttpStatus, Inject, Param, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LicenceRepository, RulesVersionRepository } from '@consentry/policy-data-access';
import { PersonAuthGuard, Roles } from '@consentry/shared-auth';
import { ProblemException, ValidationProblem } from '@consentry/shared-http';
import { LicenceVersionView, toLicenceVersionView } from '../licences/licence.mapper';
import { parsePolicyVersion } from '../policy-version.util';
import { CLOCK, Clock } from '../policy.tokens';

class RulesVersionView {
  @ApiProperty({ example: 'r1' }) version: string;
  @ApiProperty() summary: string;
  @ApiProperty() releasedAt: string;
}

class PolicyVersionView {
  @ApiProperty({ example: '6f1c2a4e-0000-4000-8000-000000000001@2+r1' }) policyVersion: string;
  @ApiPropertyOptional({ nullable: true, format: 'uuid' }) licenceId: string | null;
  @ApiPropertyOptional({ type: LicenceVersionView, nullable: true, description: 'The licence version (null for `none`)' }) licence: LicenceVersionView | null;
  @ApiProperty({ type: RulesVersionView }) rules: RulesVersionView;
}

const notFound = (what: string) => new ProblemException(HttpStatus.NOT_FOUND, 'policy-version-not-found', 'Policy version not found', what);

/** Resolves the policy version recorded in a decision or audit entry to the exact licence version and rules it names. */
@ApiTags('decisions')
@ApiBearerAuth()
@UseGuards(PersonAuthGuard)
@Roles('operator', 'regulator')
@Controller('v1/policy-versions')
export class PolicyVersionsController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':policyVersion')
  @ApiOperation({ summary: 'What a policy version stands for: the licence version and the rules version' })
  @ApiOkResponse({ type: PolicyVersionView })
  @ApiNotFoundResponse({ description: 'Well-formed, but no such licence version or rules version' })
  async get(@Param('policyVersion') value: string): Promise<PolicyVersionView> {
    const parsed = parsePolicyVersion(value);
    if (!parsed) throw new ValidationProblem([{ field: 'policyVersion', message: 'must look like <licence id>@<version>+<rules> or none+<rules>' }]);
    const rules = await new RulesVersionRepository(this.dataSource).find(parsed.rulesVersion);
    if (!rules) throw notFound(`No rules version ${parsed.rulesVersion}`);
    let licence: LicenceVersionView | null = null;
    if (parsed.licenceId) {
      const stored = await new LicenceRepository(this.dataSource).findVersion(parsed.licenceId, parsed.version!);
      if (!stored) throw notFound(`No version ${parsed.version} of licence ${parsed.licenceId}`);
      licence = toLicenceVersionView(stored, this.clock.now());
    }
    return { policyVersion: value, licenceId: parsed.licenceId, licence, rules };
  }
}
