import { createHmac } from 'node:crypto';
import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { JobsOptions } from 'bullmq';
import { checkWebhookUrl, isAllowedDestinationAddress } from '@consentry/consent-domain';

export const SIGNATURE_HEADER = 'Consentry-Signature';

/** The only error a refused destination records: the registrant learns nothing about our network. */
export const DESTINATION_NOT_ALLOWED = 'destination not allowed';


/**
 * The job options of a webhook delivery (the consent registry's and the monitor's): retried with
 * exponential back-off; a failed job is kept (removeOnFail), so the dispatchers' ensureJob has to
 * remove it before the delivery's job id can be added again on a replay.
 */
export function webhookDeliveryJob(jobId: string, settings: { webhookMaxAttempts: number; webhookBackoffMs: number }): JobsOptions {
  return {
    jobId,
    attempts: settings.webhookMaxAttempts,
    backoff: { type: 'exponential', delay: settings.webhookBackoffMs },
    removeOnComplete: true,
    removeOnFail: 1000,
  };
}

export interface ResolvedAddress {
  address: string;
  family: number;
}

export interface WebhookPostOptions {
  /** WEBHOOK_ALLOW_PRIVATE_DESTINATIONS: any address and plain http (development and tests only). */
  allowPrivateDestinations: boolean;
  /** Every address of a host name; the system resolver unless a test passes its own. */
  resolve?: (hostname: string) => Promise<ResolvedAddress[]>;
  /** The whole attempt, resolving included: 10 s unless a test is in a hurry. */
  timeoutMs?: number;
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`, checked by the receiver. */
export function signWebhook(secret: string, body: string, timestamp: number): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

const systemResolve = (hostname: string): Promise<ResolvedAddress[]> => dnsLookup(hostname, { all: true, verbatim: true });

/**
 * POSTs one signed webhook delivery: no redirects followed, 10 s at most (resolving included).
 * Returns why it failed (an HTTP status, a timeout, no connection, or a refused destination), or
 * undefined when the receiver took it (2xx).
 *
 * The destination is checked here, on every attempt, and not only at registration: a URL may
 * predate the check, and a name may resolve elsewhere tomorrow. Every address the name resolves
 * to must be public (unless private destinations are allowed), and the connection goes to those
 * addresses only: the socket's lookup is pinned to them, so a second, rebound answer from DNS
 * (first public, then 127.0.0.1) is never asked for. That is why this uses node:http rather than
 * fetch, whose connection cannot be given addresses without undici's Agent, not a dependency here.
 */
export async function postSignedWebhook(url: string, secret: string, deliveryId: string, body: string, options: WebhookPostOptions): Promise<string | undefined> {
  const checked = checkWebhookUrl(url, options);
  if (!checked.ok) return DESTINATION_NOT_ALLOWED;
  const signal = AbortSignal.timeout(options.timeoutMs ?? 10_000);
  const failure = () => (signal.aborted ? 'timeout' : 'connection failed');
  let addresses: ResolvedAddress[];
  try {
    addresses = checked.ipLiteral ? [{ address: checked.host, family: checked.host.includes(':') ? 6 : 4 }] : await abortable((options.resolve ?? systemResolve)(checked.host), signal);
  } catch {
    return failure();
  }
  if (!addresses.length || !addresses.every((a) => isAllowedDestinationAddress(a.address, options))) return DESTINATION_NOT_ALLOWED;
  const headers = {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    [SIGNATURE_HEADER]: signWebhook(secret, body, Math.floor(Date.now() / 1000)),
    'Consentry-Delivery-Id': deliveryId,
  };
  try {
    const status = await post(new URL(url), addresses, headers, body, signal);
    return status >= 200 && status < 300 ? undefined : `HTTP ${status}`;
  } catch {
    return failure();
  }
}

/** One request whose socket can only connect to `addresses`; resolves with the status, body unread. */
function post(url: URL, addresses: ResolvedAddress[], headers: OutgoingHttpHeaders, body: string, signal: AbortSignal): Promise<number> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    // agent: false, so no pooled socket opened for another delivery is reused for this one.
    const req = request(url, { method: 'POST', headers, signal, agent: false, lookup: pinnedLookup(addresses) }, (res) => {
      resolve(res.statusCode ?? 0);
      res.destroy();
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A socket lookup that answers with the checked addresses, never asking DNS again. */
function pinnedLookup(addresses: ResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family;
    const usable = family === 4 || family === 6 ? addresses.filter((a) => a.family === family) : addresses;
    if (!usable.length) {
      callback(Object.assign(new Error('no checked address of this family'), { code: 'ENOTFOUND' }), '', 0);
    } else if (options.all) {
      callback(null, usable);
    } else {
      callback(null, usable[0].address, usable[0].family);
    }
  };
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const abort = () => reject(signal.reason);
    signal.addEventListener('abort', abort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}
