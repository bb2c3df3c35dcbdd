import { DynamicModule, Module, Provider, Type } from '@nestjs/common';
import { AccessController } from './access.controller';
import { AccessLogController } from './access-log.controller';
import { AccessService } from './access.service';
import { AuditRelay } from './audit-relay';
import { IdNumbersController } from './id-numbers.controller';
import { IdempotentResponses } from './idempotent-responses';
import { GATEWAY_SETTINGS, GatewaySettings } from './gateway.settings';
import { RateLimiter } from './rate-limiter';
import { ResponseSealer } from './response-sealer';
import { UnreadableBodyParser } from './unreadable-body.parser';

/** The enterprise API. `adapters` provide the PolicySource and the Meter. */
@Module({})
export class GatewayModule {
  static register(settings: GatewaySettings, adapters: Provider[], imports: (DynamicModule | Type<unknown>)[] = []): DynamicModule {
    return {
      module: GatewayModule,
      imports,
      controllers: [AccessController, AccessLogController, IdNumbersController],
      providers: [{ provide: GATEWAY_SETTINGS, useValue: settings }, ...adapters, ResponseSealer, IdempotentResponses, RateLimiter, AccessService, AuditRelay, UnreadableBodyParser],
      exports: [AccessService, AuditRelay],
    };
  }
}
