import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsService } from '@consentry/shared-observability';

/** Metering's Prometheus metrics, on the service's own registry. */
@Injectable()
export class MeteringMetrics {
  readonly charges: Counter<'product' | 'outcome'>;
  readonly rejections: Counter<'reason'>;
  readonly findings: Counter<'kind'>;
  readonly webhookEvents: Counter<'type' | 'outcome'>;

  constructor(metrics: MetricsService) {
    const registers = [metrics.registry];
    this.charges = new Counter({ name: 'metering_charge_requests_total', help: 'Charge requests priced, by product and outcome', labelNames: ['product', 'outcome'], registers });
    this.rejections = new Counter({ name: 'metering_charge_rejections_total', help: 'Charges refused (insufficient balance, quota)', labelNames: ['reason'], registers });
    this.findings = new Counter({ name: 'metering_reconciliation_findings_total', help: 'Reconciliation findings (any > 0 is an alert)', labelNames: ['kind'], registers });
    this.webhookEvents = new Counter({ name: 'metering_stripe_webhook_events_total', help: 'Stripe webhook events handled, by type and outcome', labelNames: ['type', 'outcome'], registers });
  }
}
