import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { UnreadableBody } from '@consentry/gateway-domain';

/** The enterprise API's writes, whose every refused attempt is audited (AccessService). */
const AUDITED_BODY_ROUTES: ReadonlySet<string> = new Set(['/v1/verifications', '/v1/lookups', '/v1/verifications/batch']);

/**
 * Lets a body that is not JSON reach the enterprise API's writes, as an `UnreadableBody`, so that
 * AccessService refuses and audits it like any other bad input (the issue: bad input is "a 4xx
 * naming the problem: nothing charged, the attempt audited"). Fastify's own parser answers such a
 * body with a 400 before any handler runs, which left no trace of the attempt.
 *
 * It replaces the JSON parser Nest registered, with the same one inside: Fastify's default, with
 * `__proto__` and `constructor.prototype` keys refused. Every other route still gets Fastify's 400.
 * A body over the size limit is still Fastify's 413, unaudited: it is refused while being read.
 */
@Injectable()
export class UnreadableBodyParser implements OnModuleInit {
  constructor(private readonly host: HttpAdapterHost) {}

  onModuleInit() {
    const fastify = this.host.httpAdapter.getInstance<FastifyInstance>();
    const { onProtoPoisoning, onConstructorPoisoning, bodyLimit } = fastify.initialConfig;
    const parseJson = fastify.getDefaultJsonParser(onProtoPoisoning ?? 'error', onConstructorPoisoning ?? 'error');
    fastify.removeContentTypeParser('application/json');
    fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, (request, body: string, done) => {
      parseJson(request, body, (error: (Error & { code?: string }) | null, value?: unknown) => {
        if (error && AUDITED_BODY_ROUTES.has(request.routeOptions.url ?? '')) {
          done(null, new UnreadableBody(error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ? 'is empty' : 'is not valid JSON'));
        } else done(error, value);
      });
    });
  }
}
