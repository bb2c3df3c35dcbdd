import { Controller, Get, Header, HttpCode, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';

export interface ReadinessCheck {
  /** Short name shown in the readiness report, e.g. "database" or "queue". */
  readonly name: string;
  /** Resolves when the dependency answers; rejects (or times out) otherwise. */
  check(): Promise<void>;
}

/** Collects the readiness checks that modules register at start-up. */
@Injectable()
export class HealthRegistry {
  private readonly checks: ReadinessCheck[] = [];
  private readonly timeoutMs = 2_000;

  register(check: ReadinessCheck) {
    this.checks.push(check);
  }

  async report(): Promise<{ ready: boolean; checks: Record<string, 'up' | 'down'> }> {
    const results = await Promise.all(
      this.checks.map(async (c) => [c.name, await this.run(c)] as const),
    );
    const checks = Object.fromEntries(results);
    return { ready: results.every(([, state]) => state === 'up'), checks };
  }

  private async run(check: ReadinessCheck): Promise<'up' | 'down'> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timeout')), this.timeoutMs);
    });
    try {
      await Promise.race([check.check(), timeout]);
      return 'up';
    } catch {
      return 'down';
    } finally {
      clearTimeout(timer);
    }
  }
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly registry: HealthRegistry) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process is up and serving HTTP' })
  @ApiOkResponse({ schema: { example: { status: 'ok' } } })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Readiness: the database and the queue are reachable' })
  @ApiOkResponse({ schema: { example: { status: 'ok', checks: { database: 'up', queue: 'up' } } } })
  @ApiServiceUnavailableResponse({ description: 'A dependency is down (the body lists the checks)' })
  async ready() {
    const report = await this.registry.report();
    if (!report.ready) {
      throw new ServiceUnavailableException({
        type: 'https://consentry.dev/problems/not-ready',
        title: 'Service not ready',
        detail: 'A dependency of this service is unreachable',
        checks: report.checks,
      });
    }
    return { status: 'ok', checks: report.checks };
  }
}
