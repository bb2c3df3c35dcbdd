import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { parseVnd } from '@consentry/metering-domain';
import { BillingRepository, TopUpRow } from '@consentry/metering-data-access';
import { ProblemException, ValidationProblem } from '@consentry/shared-http';
import { OrganisationNamesPort } from '../organisation-names.port';
import { PaymentsDisabledError, PaymentsPort } from './payments.port';

/** Our own bounds for one online top-up (not Stripe's, which were not checked against live Stripe). */
export const TOP_UP_MIN_VND = 10_000n;
export const TOP_UP_MAX_VND = 10_000_000_000n;

export interface TopUpCheckout {
  topUpId: string;
  organisationId: string;
  amountVnd: string;
  checkoutSessionId: string;
  checkoutUrl: string | null;
}

/** Starts a prepaid top-up paid through Stripe Checkout; the ledger is credited by the webhook. */
@Injectable()
export class TopUpService {
  private readonly billing = new BillingRepository();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly payments: PaymentsPort,
    private readonly names: OrganisationNamesPort,
  ) {}

  async startCheckout(organisationId: string, amountVnd: string): Promise<TopUpCheckout> {
    if (!this.payments.enabled) throw new PaymentsDisabledError();
    let amount: bigint;
    try {
      amount = parseVnd(amountVnd);
    } catch {
      throw new ValidationProblem([{ field: 'amountVnd', message: 'must be whole VND' }]);
    }
    if (amount < TOP_UP_MIN_VND || amount > TOP_UP_MAX_VND) {
      throw new ValidationProblem([{ field: 'amountVnd', message: `must be between ${TOP_UP_MIN_VND} and ${TOP_UP_MAX_VND} VND` }]);
    }
    let customerId = await this.billing.customerOf(this.dataSource, organisationId);
    if (!customerId) {
      ({ customerId } = await this.payments.createCustomer({ organisationId, name: await this.names.name(organisationId) }));
      await this.billing.saveCustomer(this.dataSource, organisationId, customerId);
      // Another replica may have saved its (idempotently identical) customer first.
      customerId = (await this.billing.customerOf(this.dataSource, organisationId)) ?? customerId;
    }
    const topUpId = randomUUID();
    await this.billing.createTopUp(this.dataSource, { id: topUpId, organisationId, amountVnd: amount });
    const session = await this.payments.createTopUpCheckout({ topUpId, organisationId, customerId, amountVnd: amount });
    await this.billing.attachProviderRef(this.dataSource, topUpId, session.sessionId);
    return { topUpId, organisationId, amountVnd: amount.toString(), checkoutSessionId: session.sessionId, checkoutUrl: session.url };
  }

  async status(topUpId: string): Promise<TopUpRow> {
    const row = await this.billing.findTopUp(this.dataSource, topUpId);
    if (!row) throw new ProblemException(404, 'top-up-not-found', 'Top-up not found', `No top-up ${topUpId}`);
    return row;
  }
}
