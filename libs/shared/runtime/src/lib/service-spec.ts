import { DynamicModule } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { z } from 'zod';
import { CommonEnv, commonEnvSchema, loadConfig, portVar } from '@consentry/shared-config';
import { createLogger } from '@consentry/shared-observability';
import { createService } from '@consentry/shared-http';
import { closeOnSignal } from './shutdown';

/** The validated environment of a service: common variables, its own, and its port. */
export type ServiceEnv = CommonEnv & { HOST: string; port: number; [own: string]: unknown };

/** What a service is, independent of whether it runs alone or inside the platform process. */
export interface ServiceSpec {
  name: string;
  title: string;
  description: string;
  /** Environment variable that overrides the port, e.g. QUERY_GATEWAY_PORT. */
  portVariable: string;
  defaultPort: number;
  /** Variables of this service alone, validated with the common ones at start. */
  env?: z.ZodRawShape;
  module(env: ServiceEnv): DynamicModule;
}

export function loadServiceEnv(spec: ServiceSpec, env: Record<string, string | undefined> = process.env): ServiceEnv {
  const schema = commonEnvSchema.extend({
    HOST: z.string().min(1).default('127.0.0.1'),
    [spec.portVariable]: portVar(spec.defaultPort),
    ...spec.env,
  });
  const parsed = loadConfig(schema, env) as CommonEnv & { HOST: string } & Record<string, number>;
  return { ...parsed, port: parsed[spec.portVariable] };
}

export interface RunningService {
  spec: ServiceSpec;
  app: NestFastifyApplication;
  url: string;
}

export async function startService(spec: ServiceSpec, env: ServiceEnv, logger?: Logger): Promise<RunningService> {
  const log = logger ?? createLogger(spec.name, env.LOG_LEVEL);
  const app = await createService({ name: spec.name, title: spec.title, description: spec.description, module: spec.module(env), logger: log });
  await app.listen(env.port, env.HOST);
  const { port } = app.getHttpServer().address() as { port: number };
  const url = `http://${env.HOST === '0.0.0.0' ? '127.0.0.1' : env.HOST}:${port}`;
  log.info({ url, docs: `${url}/docs` }, 'listening');
  return { spec, app, url };
}

/** Entry point of a service run on its own: validated config, JSON logs, graceful shutdown. */
export async function runStandalone(spec: ServiceSpec): Promise<void> {
  let env: ServiceEnv;
  try {
    env = loadServiceEnv(spec);
  } catch (error) {
    process.stderr.write(`${spec.name}: ${(error as Error).message}\n`);
    process.exit(1);
  }
  const logger = createLogger(spec.name, env.LOG_LEVEL);
  try {
    const running = await startService(spec, env, logger);
    closeOnSignal(logger, env.SHUTDOWN_TIMEOUT_MS, [() => running.app.close()]);
  } catch (error) {
    logger.fatal({ error: (error as Error).message }, 'start-up failed');
    process.exit(1);
  }
}
