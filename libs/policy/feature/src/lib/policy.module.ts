import { DynamicModule, Module } from '@nestjs/common';
import { OrganisationDirectory } from '@consentry/identity-feature';
import { createPolicyEvaluator } from '@consentry/policy-domain';
import { AccessMapController } from './access-map/access-map.controller';
import { AccessMapService } from './access-map/access-map.service';
import { DecisionAudit } from './decisions/decision-audit.service';
import { DecisionService } from './decisions/decision.service';
import { DecisionsController } from './decisions/decisions.controller';
import { SimulationService } from './decisions/simulation.service';
import { LicenceManagement } from './licences/licence-management.service';
import { LicencesController } from './licences/licences.controller';
import { PolicyReader } from './policy-reader.service';
import { CLOCK, POLICY_EVALUATOR, POLICY_SETTINGS, PolicySettings } from './policy.tokens';
import { PolicyVersionsController } from './policy-versions/policy-versions.controller';
import { SuspensionManagement } from './suspensions/suspension-management.service';
import { SuspensionsController } from './suspensions/suspensions.controller';

/** Licences, suspensions, decisions (real and simulated), the access map and policy versions. */
@Module({})
export class PolicyModule {
  static register(settings: PolicySettings): DynamicModule {
    return {
      module: PolicyModule,
      controllers: [LicencesController, SuspensionsController, DecisionsController, AccessMapController, PolicyVersionsController],
      providers: [
        { provide: POLICY_SETTINGS, useValue: settings },
        { provide: CLOCK, useValue: { now: () => new Date() } },
        // One evaluator (and compiled-licence cache) per process.
        { provide: POLICY_EVALUATOR, useFactory: () => createPolicyEvaluator() },
        { provide: PolicyReader, useFactory: () => new PolicyReader() },
        OrganisationDirectory,
        LicenceManagement,
        SuspensionManagement,
        DecisionAudit,
        DecisionService,
        SimulationService,
        AccessMapService,
      ],
    };
  }
}
