import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

// A local stand-in for api.stripe.com that checks every request against Stripe's published
// OpenAPI description (../shared/stripe) and answers with objects shaped by the same schemas.
// It is test support: nothing here runs in production.

/* eslint-disable @typescript-eslint/no-explicit-any */
type Schema = any;

export interface RecordedRequest {
  method: string;
  path: string;
  operationId: string | null;
  params: Record<string, unknown>;
  idempotencyKey: string | null;
  violations: string[];
}

const SPEC_DIR = path.resolve(__dirname, '../../../../../../../../shared/stripe');

export function loadStripeSpec(): Schema {
  const file = path.join(SPEC_DIR, 'stripe-openapi-subset.json');
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`Stripe OpenAPI subset not found at ${file} (shared/stripe beside the checkout): ${(error as Error).message}`);
  }
}

/** Decodes application/x-www-form-urlencoded with bracketed keys (a[b][0]=x) into nested objects. */
export function parseStripeForm(body: string): Record<string, unknown> {
  const root: Record<string, any> = {};
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const segments = rawKey.replace(/\]/g, '').split('[');
    let node: any = root;
    segments.forEach((segment, i) => {
      const key = segment === '' ? String(Object.keys(node).length) : segment;
      if (i === segments.length - 1) node[key] = value;
      else node = node[key] ??= {};
    });
  }
  return root;
}

export class StripeSpecServer {
  readonly requests: RecordedRequest[] = [];
  private readonly spec = loadStripeSpec();
  private readonly idempotent = new Map<string, { status: number; body: unknown }>();
  private readonly operations: { method: string; pattern: RegExp; template: string; op: Schema }[] = [];
  private server?: Server;
  port = 0;

  constructor() {
    for (const [template, item] of Object.entries<any>(this.spec.paths)) {
      for (const method of ['get', 'post', 'delete']) {
        if (!item[method]) continue;
        const pattern = new RegExp('^' + template.replace(/\{[^}]+\}/g, '([^/]+)') + '$');
        this.operations.push({ method: method.toUpperCase(), pattern, template, op: item[method] });
      }
    }
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  get violations(): string[] {
    return this.requests.flatMap((r) => r.violations.map((v) => `${r.method} ${r.path}: ${v}`));
  }

  calls(operationId: string): RecordedRequest[] {
    return this.requests.filter((r) => r.operationId === operationId);
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const match = this.operations.find((o) => o.method === method && o.pattern.test(url.pathname));
    const record: RecordedRequest = {
      method,
      path: url.pathname,
      operationId: match?.op.operationId ?? null,
      params: {},
      idempotencyKey: (req.headers['idempotency-key'] as string) ?? null,
      violations: [],
    };
    this.requests.push(record);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': 'req_' + randomBytes(6).toString('hex') });
      res.end(JSON.stringify(body));
    };
    if (!/^Bearer sk_test_\w+$/.test(String(req.headers['authorization'] ?? ''))) record.violations.push('missing or malformed Authorization bearer key');
    if (!match) {
      record.violations.push('no such operation in the spec');
      return send(404, { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${url.pathname})` } });
    }
    const contentType = String(req.headers['content-type'] ?? '');
    const bodyText = Buffer.concat(chunks).toString('utf8');
    if (method === 'GET' || method === 'DELETE') {
      record.params = parseStripeForm(url.search.slice(1));
      this.checkQuery(match.op, record);
    } else {
      const media = match.op.requestBody?.content?.['application/x-www-form-urlencoded'];
      if (!media) record.violations.push('operation takes no form body');
      else {
        if (bodyText && !contentType.startsWith('application/x-www-form-urlencoded')) record.violations.push(`content-type ${contentType}`);
        record.params = parseStripeForm(bodyText);
        this.check(media.schema, record.params, '', record.violations);
      }
    }
    if (record.violations.length) {
      return send(400, { error: { type: 'invalid_request_error', message: record.violations.join('; ') } });
    }
    const key = record.idempotencyKey && `${method} ${url.pathname} ${record.idempotencyKey}`;
    if (key && this.idempotent.has(key)) {
      const cached = this.idempotent.get(key)!;
      return send(cached.status, cached.body);
    }
    const schema = match.op.responses?.['200']?.content?.['application/json']?.schema;
    const body = respond(match.op.operationId, this.sample(schema, 0, true), record.params);
    if (key) this.idempotent.set(key, { status: 200, body });
    send(200, body);
  }

  /** A minimal object of a named component schema (e.g. "checkout.session"), for building events. */
  sampleObject(name: string): Record<string, unknown> {
    return this.sample({ $ref: `#/components/schemas/${name}` }, 0, true) as Record<string, unknown>;
  }

  /** Violations of a named component schema by a JSON object (top-level required keys and enums). */
  checkObject(name: string, value: Record<string, unknown>): string[] {
    const schema = this.resolve({ $ref: `#/components/schemas/${name}` });
    const out: string[] = [];
    for (const k of schema.required ?? []) if (!(k in value)) out.push(`${name}.${k} missing`);
    for (const k of Object.keys(value)) if (!schema.properties?.[k]) out.push(`${name}.${k} unknown`);
    for (const [k, v] of Object.entries(value)) {
      const p = this.resolve(schema.properties?.[k]);
      if (p?.enum && v !== null && !p.enum.includes(v)) out.push(`${name}.${k} = ${JSON.stringify(v)} not in enum`);
    }
    return out;
  }

  private resolve(schema: Schema): Schema {
    let s = schema;
    while (s?.$ref) s = s.$ref.split('/').slice(1).reduce((node: any, k: string) => node[k], this.spec);
    return s;
  }

  private checkQuery(op: Schema, record: RecordedRequest) {
    const params: any[] = (op.parameters ?? []).filter((p: any) => p.in === 'query');
    for (const [name, value] of Object.entries(record.params)) {
      const p = params.find((x) => x.name === name);
      if (!p) record.violations.push(`unknown query parameter ${name}`);
      else this.check(p.schema, value, name, record.violations);
    }
    for (const p of params) if (p.required && !(p.name in record.params)) record.violations.push(`missing query parameter ${p.name}`);
  }

  /** Checks a decoded form value against a schema: required, unknown, types, enums, lengths. */
  private check(schemaIn: Schema, value: unknown, at: string, out: string[]): void {
    const schema = this.resolve(schemaIn);
    if (!schema) return;
    const where = at || '(body)';
    if (schema.anyOf) {
      const attempts = schema.anyOf.map((branch: Schema) => {
        const errs: string[] = [];
        this.check(branch, value, at, errs);
        return errs;
      });
      if (!attempts.some((e: string[]) => e.length === 0)) out.push(`${where}: matches no allowed form (${attempts.map((e: string[]) => e[0]).join(' | ')})`);
      return;
    }
    if (schema.enum && !(typeof value === 'string' && schema.enum.map(String).includes(value))) {
      out.push(`${where}: ${JSON.stringify(value)} is not one of ${schema.enum.join(', ')}`);
      return;
    }
    switch (schema.type) {
      case 'string':
        if (typeof value !== 'string') out.push(`${where}: expected a string`);
        else if (schema.maxLength !== undefined && value.length > schema.maxLength) out.push(`${where}: longer than ${schema.maxLength}`);
        return;
      case 'integer':
        if (typeof value !== 'string' || !/^-?\d+$/.test(value)) out.push(`${where}: expected an integer, got ${JSON.stringify(value)}`);
        return;
      case 'number':
        if (typeof value !== 'string' || !/^-?\d+(\.\d+)?$/.test(value)) out.push(`${where}: expected a number`);
        return;
      case 'boolean':
        if (value !== 'true' && value !== 'false') out.push(`${where}: expected true or false`);
        return;
      case 'array': {
        const items = typeof value === 'object' && value !== null ? Object.entries(value) : null;
        if (!items || items.some(([k]) => !/^\d+$/.test(k))) {
          out.push(`${where}: expected an array (a[0]=...)`);
          return;
        }
        items.forEach(([k, v]) => this.check(schema.items, v, `${at}[${k}]`, out));
        return;
      }
      case 'object':
      case undefined: {
        if (typeof value !== 'object' || value === null) {
          if (schema.type === 'object') out.push(`${where}: expected an object`);
          return;
        }
        const record = value as Record<string, unknown>;
        const props = schema.properties ?? {};
        for (const [k, v] of Object.entries(record)) {
          const child = at ? `${at}[${k}]` : k;
          if (props[k]) this.check(props[k], v, child, out);
          else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') this.check(schema.additionalProperties, v, child, out);
          else if (schema.additionalProperties !== true) out.push(`${child}: unknown parameter`);
        }
        for (const r of schema.required ?? []) if (!(r in record)) out.push(`${at ? `${at}[${r}]` : r}: required parameter missing`);
        return;
      }
    }
  }

  /** A minimal object valid for the schema: every required property, first enum value, no expansion. */
  private sample(schemaIn: Schema, depth: number, required: boolean): unknown {
    const schema = this.resolve(schemaIn);
    if (!schema || depth > 6) return null;
    if (schema.nullable && !required) return null;
    if (schema.anyOf) {
      const plain = schema.anyOf.find((b: Schema) => this.resolve(b)?.type === 'string') ?? schema.anyOf[0];
      return this.sample(plain, depth, required);
    }
    if (schema.enum) return schema.enum[0];
    switch (schema.type) {
      case 'string':
        return schema.format === 'date-time' ? new Date().toISOString() : 'x';
      case 'integer':
        return schema.format === 'unix-time' ? Math.floor(Date.now() / 1000) : 0;
      case 'number':
        return 0;
      case 'boolean':
        return false;
      case 'array':
        return [];
      default: {
        const out: Record<string, unknown> = {};
        for (const k of schema.required ?? []) out[k] = this.sample(schema.properties?.[k], depth + 1, false);
        return out;
      }
    }
  }
}

let counter = 0;
const id = (prefix: string) => `${prefix}_test${(++counter).toString().padStart(6, '0')}${randomBytes(4).toString('hex')}`;

/** Fills in the values a real Stripe would derive from the request. */
function respond(operationId: string, base: any, params: any): unknown {
  switch (operationId) {
    case 'PostCustomers':
      return { ...base, id: id('cus'), name: params.name ?? null, metadata: params.metadata ?? {}, livemode: false };
    case 'PostCheckoutSessions': {
      const sessionId = id('cs');
      const items = Object.values<any>(params.line_items ?? {});
      const total = items.reduce((s, li) => s + Number(li.price_data?.unit_amount ?? 0) * Number(li.quantity ?? 1), 0);
      return {
        ...base, id: sessionId, mode: params.mode, customer: params.customer ?? null, client_reference_id: params.client_reference_id ?? null,
        currency: items[0]?.price_data?.currency ?? null, amount_total: total, amount_subtotal: total, metadata: params.metadata ?? {},
        payment_status: 'unpaid', status: 'open', url: `https://checkout.stripe.test/c/pay/${sessionId}`, success_url: params.success_url, cancel_url: params.cancel_url ?? null,
      };
    }
    case 'PostBillingMeterEvents':
      return { ...base, event_name: params.event_name, identifier: params.identifier ?? id('mev'), payload: params.payload, timestamp: Number(params.timestamp ?? Math.floor(Date.now() / 1000)) };
    default:
      return base;
  }
}
