import { DynamicModule, Module } from '@nestjs/common';
import { ApiKeyGuard } from '@consentry/identity-feature';
import { DataProtectionModuleOptions, dataProtectionProviders } from '../data-protection.settings';
import { BreachDeadlineSweeper } from './breach-deadline.sweeper';
import { BreachRegisterService } from './breach-register.service';
import { OperatorBreachesController } from './operator-breaches.controller';
import { OrganisationBreachesController } from './organisation-breaches.controller';
import { RegulatorBreachesController } from './regulator-breaches.controller';

/**
 * The breach register: organisations (API key) and the operator report personal-data breaches;
 * the 72-hour deadline to notify the authority is swept for reminders and escalation; the
 * regulator lists, exports and records the notification. Needs the identity schema in the
 * service's database for API keys.
 */
@Module({})
export class BreachesModule {
  static register(options: DataProtectionModuleOptions = {}): DynamicModule {
    return {
      module: BreachesModule,
      controllers: [OrganisationBreachesController, OperatorBreachesController, RegulatorBreachesController],
      providers: [...dataProtectionProviders(options), ApiKeyGuard, BreachRegisterService, BreachDeadlineSweeper],
      exports: [BreachRegisterService, BreachDeadlineSweeper],
    };
  }
}
