import { DynamicModule, Module } from '@nestjs/common';
import { DataProtectionModuleOptions, dataProtectionProviders } from '../data-protection.settings';
import { CitizenRequestsController } from './citizen-requests.controller';
import { DataSubjectRequestService } from './data-subject-request.service';
import { OperatorRequestsController } from './operator-requests.controller';
import { RegulatorRequestsController } from './regulator-requests.controller';

/**
 * Data-subject requests: filed by citizens, deadlines fixed at filing from DEADLINE_RULES_V1 on
 * the Vietnamese working calendar, acknowledged and answered by the operator, overdue ones listed
 * for the regulator (computed at read time).
 */
@Module({})
export class DataSubjectRequestsModule {
  static register(options: DataProtectionModuleOptions = {}): DynamicModule {
    return {
      module: DataSubjectRequestsModule,
      controllers: [CitizenRequestsController, OperatorRequestsController, RegulatorRequestsController],
      providers: [...dataProtectionProviders(options), DataSubjectRequestService],
      exports: [DataSubjectRequestService],
    };
  }
}
