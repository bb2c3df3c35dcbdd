import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Logger } from 'pino';
import { JsonLogger, MetricsService } from '@consentry/shared-observability';
import { ProblemFilter } from './problem.filter';
import { documentProblems, ProblemView } from './problem.view';
import { createValidationPipe } from './validation.pipe';

export interface ServiceDefinition {
  /** Service name used in logs and metrics, e.g. "query-gateway". */
  name: string;
  /** Title and description shown in the OpenAPI document. */
  title: string;
  description: string;
  module: Type<unknown> | DynamicModule;
  logger: Logger;
  /** Largest accepted request body in bytes (default 1 MiB). */
  bodyLimit?: number;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Builds a Nest service on Fastify with this platform's conventions; does not listen yet. */
export async function createService(definition: ServiceDefinition): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: definition.bodyLimit ?? 1024 * 1024,
    // Honour a caller's X-Request-Id when it is well-formed, so traces join up across services.
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(definition.module, adapter, {
    logger: new JsonLogger(definition.logger),
    abortOnError: false,
  });
  app.useGlobalFilters(new ProblemFilter());
  app.useGlobalPipes(createValidationPipe());

  const fastify = app.getHttpAdapter().getInstance();
  const metrics = app.get(MetricsService);
  fastify.addHook('onSend', async (request, reply) => {
    reply.header('X-Request-Id', request.id);
  });
  fastify.addHook('onResponse', async (request, reply) => {
    // The route template, never the raw URL: paths and queries may carry personal data.
    const route = request.routeOptions?.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    metrics.observeRequest(request.method, route, reply.statusCode, seconds);
    if (route !== '/health/live' && route !== '/health/ready' && route !== '/metrics') {
      definition.logger.info(
        { requestId: request.id, method: request.method, route, status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
        'request',
      );
    }
  });

  const document = documentProblems(SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(definition.title)
      .setDescription(definition.description)
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Access token (citizen, regulator, operator) or organisation API key' })
      .build(),
    { extraModels: [ProblemView] },
  ));
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/json' });
  return app;
}
