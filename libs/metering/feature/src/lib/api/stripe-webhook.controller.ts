import { Controller, Headers, HttpCode, Injectable, OnModuleInit, Post, Req } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiBadRequestResponse, ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Readable } from 'node:stream';
import { ProblemException } from '@consentry/shared-http';
import { StripeWebhookIntake } from '../payments/stripe-webhook-intake.service';
import { WebhookAckDto } from './metering-responses.dto';

export const STRIPE_WEBHOOK_PATH = '/v1/billing/stripe/webhook';
const MAX_WEBHOOK_BYTES = 512 * 1024;

interface RawBodyRequest {
  rawBody?: Buffer;
  routeOptions?: { url?: string };
  url: string;
}

/**
 * Keeps the exact bytes of webhook requests: Stripe signs the body as sent, and the JSON
 * parser's output cannot be re-serialised to the same bytes. Only this route is affected.
 */
@Injectable()
export class RawWebhookBody implements OnModuleInit {
  constructor(private readonly host: HttpAdapterHost) {}

  onModuleInit() {
    const fastify = this.host.httpAdapter?.getInstance?.();
    if (!fastify?.addHook) return;
    fastify.addHook('preParsing', async (request: RawBodyRequest, _reply: unknown, payload: Readable) => {
      if ((request.routeOptions?.url ?? request.url.split('?')[0]) !== STRIPE_WEBHOOK_PATH) return payload;
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of payload) {
        size += (chunk as Buffer).length;
        if (size > MAX_WEBHOOK_BYTES) throw new ProblemException(413, 'payload-too-large', 'Payload too large');
        chunks.push(chunk as Buffer);
      }
      request.rawBody = Buffer.concat(chunks);
      return Readable.from([request.rawBody]);
    });
  }
}

@ApiTags('metering: Stripe')
@Controller()
export class StripeWebhookController {
  constructor(private readonly intake: StripeWebhookIntake) {}

  @Post(STRIPE_WEBHOOK_PATH.slice(1))
  @HttpCode(200)
  @ApiOperation({ summary: 'Stripe webhook endpoint', description: 'Verified with the endpoint secret over the exact body; handled once per event id, through the billing-sync queue.' })
  @ApiHeader({ name: 'Stripe-Signature', required: true })
  @ApiBody({ description: 'A Stripe event (JSON)', schema: { type: 'object' } })
  @ApiOkResponse({ type: WebhookAckDto })
  @ApiBadRequestResponse({ description: 'Missing or invalid signature' })
  async receive(@Req() request: RawBodyRequest, @Headers('stripe-signature') signature?: string): Promise<WebhookAckDto> {
    if (!request.rawBody) throw new ProblemException(400, 'webhook-body', 'Webhook body missing', 'Send the Stripe event as the request body');
    const { duplicate } = await this.intake.receive(request.rawBody, signature);
    return { received: true, duplicate };
  }
}
