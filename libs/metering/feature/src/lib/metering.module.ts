import { DynamicModule, Module, Provider } from '@nestjs/common';
import { FeeSchedulesController } from './api/fee-schedules.controller';
import { LedgerOperationsController } from './api/ledger-operations.controller';
import { ReconciliationController } from './api/reconciliation.controller';
import { StatementsController } from './api/statements.controller';
import { RawWebhookBody, StripeWebhookController } from './api/stripe-webhook.controller';
import { BillingSyncProcessor } from './billing-sync.processor';
import { ChargeService } from './ledger/charge.service';
import { LedgerAdjustmentsService } from './ledger/ledger-adjustments.service';
import { MeteringMetrics } from './metering.metrics';
import { METERING_CLOCK, METERING_SETTINGS, MeteringSettings } from './metering.tokens';
import { OrganisationIdAsName, OrganisationNamesPort } from './organisation-names.port';
import { DisabledPayments, PaymentsPort } from './payments/payments.port';
import { StripeEventProcessor } from './payments/stripe-event-processor.service';
import { topUpEventHandlers } from './payments/stripe-events/top-up.handlers';
import { InvoicePaidHandler, InvoicePaymentFailedHandler } from './payments/stripe-events/invoice.handlers';
import { PaymentIntentFailedHandler } from './payments/stripe-events/payment-intent.handlers';
import { STRIPE_EVENT_HANDLERS, type StripeEventHandler } from './payments/stripe-events/stripe-event-handler';
import { TopUpSettlement } from './payments/stripe-events/top-up-settlement.service';
import { StripePayments } from './payments/stripe-payments.adapter';
import { StripeWebhookIntake } from './payments/stripe-webhook-intake.service';
import { TopUpService } from './payments/top-up.service';
import { UsageReporter } from './payments/usage-reporter.service';
import { AuditLedgerSource, UnavailableAuditLedgerSource } from './reconciliation/audit-ledger-source.port';
import { ReconciliationService } from './reconciliation/reconciliation.service';
import { FeeScheduleService } from './schedules/fee-schedule.service';
import { StatementService } from './statements/statement.service';

/** Handlers that are classes of their own; the top-up ones come from `topUpEventHandlers`. */
const HANDLERS = [PaymentIntentFailedHandler, InvoicePaidHandler, InvoicePaymentFailedHandler];

export interface MeteringModuleOptions {
  /**
   * Bindings of the ports for this service, e.g.
   * `{ provide: OrganisationNamesPort, useClass: OrganisationDirectory }` and
   * `{ provide: AuditLedgerSource, useClass: <audit adapter> }`. Unbound ports get defaults:
   * names = ids, audit reconciliation skipped.
   */
  providers?: Provider[];
  /** Replace the clock (tests). */
  clock?: { now(): Date };
}

/**
 * Fees, the prepaid ledger, statements, the declaration, reconciliation and Stripe. Exports
 * ChargeService (the gateway's contract), StatementService and TopUpService. Needs the core
 * modules (database with meteringDatabase, queue, auth, observability) in the same service.
 */
@Module({})
export class MeteringModule {
  static register(settings: MeteringSettings, options: MeteringModuleOptions = {}): DynamicModule {
    const bound = new Set((options.providers ?? []).map((p) => (typeof p === 'function' ? p : (p as { provide: unknown }).provide)));
    const defaults: Provider[] = [
      ...(bound.has(OrganisationNamesPort) ? [] : [{ provide: OrganisationNamesPort, useClass: OrganisationIdAsName }]),
      ...(bound.has(AuditLedgerSource) ? [] : [{ provide: AuditLedgerSource, useClass: UnavailableAuditLedgerSource }]),
    ];
    return {
      module: MeteringModule,
      controllers: [FeeSchedulesController, StatementsController, LedgerOperationsController, ReconciliationController, StripeWebhookController],
      providers: [
        { provide: METERING_SETTINGS, useValue: settings },
        { provide: METERING_CLOCK, useValue: options.clock ?? { now: () => new Date() } },
        { provide: PaymentsPort, useFactory: () => (settings.stripe ? new StripePayments(settings.stripe) : new DisabledPayments()) },
        ...defaults,
        ...(options.providers ?? []),
        MeteringMetrics,
        FeeScheduleService,
        LedgerAdjustmentsService,
        ChargeService,
        StatementService,
        ReconciliationService,
        TopUpService,
        TopUpSettlement,
        ...HANDLERS,
        {
          provide: STRIPE_EVENT_HANDLERS,
          useFactory: (settlement: TopUpSettlement, ...handlers: StripeEventHandler[]) => [...topUpEventHandlers(settlement), ...handlers],
          inject: [TopUpSettlement, ...HANDLERS],
        },
        StripeEventProcessor,
        StripeWebhookIntake,
        UsageReporter,
        RawWebhookBody,
        BillingSyncProcessor,
      ],
      exports: [ChargeService, StatementService, TopUpService, FeeScheduleService, ReconciliationService, PaymentsPort],
    };
  }
}
