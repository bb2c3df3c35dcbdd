import type { RecordBatchOptions } from '@consentry/gateway-data-access';

export const GATEWAY_SETTINGS = Symbol('GATEWAY_SETTINGS');

export interface GatewaySettings {
  pseudonymKey: string;
  /** Requests per second per organisation and per API key (fixed one-second windows). */
  rateLimitPerOrganisation: number;
  rateLimitPerKey: number;
  /** Distinct citizens an organisation may touch without consent per day before it is stopped. */
  enumerationDailyLimit: number;
  /** Redis for rate limits when set; PostgreSQL otherwise. */
  redisUrl?: string;
  redisPrefix: string;
  relayIntervalMs: number;
  /** Group commit of answered requests' records (ADR 0006); maxBatch 1 writes each on its own. */
  recordBatch: RecordBatchOptions;
}

/**
 * Keyed reads on the request path (decision inputs, citizen): up to 64 requests per statement, one
 * statement at a time per kind (ADR 0006; with two, batches were about half as large).
 */
export const READ_BATCHES = { maxBatch: 64, maxInFlight: 1 };
