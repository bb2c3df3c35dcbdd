import { DynamicModule, Global, Injectable, Module, OnModuleInit } from '@nestjs/common';
import { HealthRegistry } from '@consentry/shared-observability';
import { QueueBackendConfig, createQueueBackend } from './queue-backend';
import { QueueService } from './queue.service';

@Injectable()
class QueueHealth implements OnModuleInit {
  constructor(
    private readonly queues: QueueService,
    private readonly health: HealthRegistry,
  ) {}

  onModuleInit() {
    this.health.register({ name: 'queue', check: () => this.queues.ping() });
  }
}

/** BullMQ on Redis (REDIS_URL) or on its PostgreSQL backend, for one service. */
@Global()
@Module({})
export class QueueModule {
  static forService(config: QueueBackendConfig): DynamicModule {
    return {
      module: QueueModule,
      providers: [{ provide: QueueService, useFactory: () => new QueueService(createQueueBackend(config)) }, QueueHealth],
      exports: [QueueService],
    };
  }
}
