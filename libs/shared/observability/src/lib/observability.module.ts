import { Controller, DynamicModule, Get, Global, Header, Module } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthController, HealthRegistry } from './health';
import { MetricsService } from './metrics.service';

@ApiExcludeController()
@Controller('metrics')
class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  render() {
    return this.metrics.render();
  }
}

/** Health endpoints, Prometheus metrics and the readiness registry for one service. */
@Global()
@Module({})
export class ObservabilityModule {
  static forService(service: string): DynamicModule {
    return {
      module: ObservabilityModule,
      controllers: [HealthController, MetricsController],
      providers: [HealthRegistry, { provide: MetricsService, useValue: new MetricsService(service) }],
      exports: [HealthRegistry, MetricsService],
    };
  }
}
