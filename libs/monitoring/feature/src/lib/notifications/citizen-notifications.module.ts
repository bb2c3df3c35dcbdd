import { DynamicModule, Module } from '@nestjs/common';
import { DataProtectionModuleOptions, dataProtectionProviders } from '../data-protection.settings';
import { CitizenNotificationsController } from './citizen-notifications.controller';
import { CitizenNotificationsService } from './citizen-notifications.service';
import { CitizenNotifier } from './citizen-notifier.service';
import { NotificationWorker } from './notification-worker.service';

/**
 * Citizens' access notifications: opt-in settings, the notifier over the audit log (exactly one
 * inbox item or outbox row per citizen and entry), signed webhook deliveries with retries, inbox.
 */
@Module({})
export class CitizenNotificationsModule {
  static register(options: DataProtectionModuleOptions = {}): DynamicModule {
    return {
      module: CitizenNotificationsModule,
      controllers: [CitizenNotificationsController],
      providers: [...dataProtectionProviders(options), CitizenNotificationsService, CitizenNotifier, NotificationWorker],
      exports: [CitizenNotifier, NotificationWorker],
    };
  }
}
