import { DynamicModule, Module } from '@nestjs/common';
import { OrganisationDirectory } from '@consentry/identity-feature';
import { CitizenConsentsController } from './citizen-consents.controller';
import { ConsentAuditRelay } from './consent-audit-relay.service';
import { ConsentLifecycle } from './consent-lifecycle.service';
import { ConsentSweeper } from './consent-sweeper.service';
import { CLOCK, CONSENT_SETTINGS, ConsentSettings } from './consent.tokens';
import { OrganisationConsentsController } from './organisation-consents.controller';
import { InternalConsentsController, PurposesAndKeysController } from './purposes-and-keys.controller';
import { ReceiptSigner } from './receipt-signer.service';
import { WebhookDispatcher } from './webhook-dispatcher.service';

/** Consents, requests, receipts, webhooks and expiry. */
@Module({})
export class ConsentModule {
  static register(settings: ConsentSettings): DynamicModule {
    return {
      module: ConsentModule,
      controllers: [OrganisationConsentsController, CitizenConsentsController, PurposesAndKeysController, InternalConsentsController],
      providers: [
        { provide: CONSENT_SETTINGS, useValue: settings },
        { provide: CLOCK, useValue: { now: () => new Date() } },
        OrganisationDirectory,
        ReceiptSigner,
        WebhookDispatcher,
        ConsentLifecycle,
        ConsentSweeper,
        ConsentAuditRelay,
      ],
      exports: [ConsentLifecycle],
    };
  }
}
