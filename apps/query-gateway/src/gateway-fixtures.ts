import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { consentRegistryService } from '@consentry/consent-feature';
import { queryGatewayService } from '@consentry/gateway-feature';
import { policyEngineService } from '@consentry/policy-feature';
import { insertCitizens } from '@consentry/population-feature';
import { generateCitizen } from '@consentry/population-synthetic';
import type { CitizenRecord } from '@consentry/population-domain';
import { AccessTokens, Role, generateApiKey, pseudonymFor } from '@consentry/shared-auth';
import { RunningService } from '@consentry/shared-runtime';
import { TEST_SECRETS, TestDatabase, startTestDatabase, startTestService } from '@consentry/shared-testing';

/* eslint-disable @typescript-eslint/no-explicit-any */

export interface Reply {
  status: number;
  body: any;
  headers: Headers;
}

export async function send(base: string, method: string, path: string, auth?: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  const res = await fetch(base + path, {
    method,
    headers: { ...(auth ? { authorization: `Bearer ${auth}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

const tokens = new AccessTokens(TEST_SECRETS.AUTH_TOKEN_SECRET);
export const tokenFor = (role: Role, idNumber?: string) =>
  tokens.issue({ accountId: randomUUID(), role, ...(idNumber ? { citizenPseudonym: pseudonymFor(TEST_SECRETS.PSEUDONYM_KEY, idNumber), eidLevel: 2 } : {}) }).token;

export interface Org {
  id: string;
  key: string;
  keyId: string;
}

/** A database with the consent registry, the policy engine and the gateway on it, as deployed. */
export class GatewayStack {
  db: TestDatabase;
  consent: RunningService;
  policy: RunningService;
  gateway: RunningService;
  private client: Client;
  readonly operator = tokenFor('operator');
  readonly regulator = tokenFor('regulator');
  readonly citizens: CitizenRecord[] = Array.from({ length: 12 }, (_, i) => generateCitizen(77, i));
  /** One queue namespace for the whole stack, so services see each other's jobs on Redis too. */
  readonly queuePrefix = `g${randomUUID().slice(0, 8)}`;

  static async start(gatewayEnv: Record<string, string> = {}): Promise<GatewayStack> {
    const stack = new GatewayStack();
    stack.db = await startTestDatabase();
    const shared = { QUEUE_PREFIX: stack.queuePrefix };
    stack.gateway = await startTestService(queryGatewayService, stack.db.url, { AUDIT_RELAY_INTERVAL_MS: '100', ...shared, ...gatewayEnv });
    stack.consent = await startTestService(consentRegistryService, stack.db.url, shared);
    stack.policy = await startTestService(policyEngineService, stack.db.url, shared);
    stack.client = new Client({ connectionString: stack.db.url });
    await stack.client.connect();
    await insertCitizens(stack.client, stack.citizens);
    const purpose = await stack.callConsent('POST', '/v1/purposes', stack.operator, {
      code: 'account-opening', title: 'Open a bank account', description: 'KYC checks', legalText: 'Law on Credit Institutions 2024',
    });
    if (purpose.status !== 201) throw new Error(JSON.stringify(purpose.body));
    return stack;
  }

  async stop() {
    await this.client?.end().catch(() => undefined);
    for (const s of [this.gateway, this.consent, this.policy]) await s?.app.close().catch(() => undefined);
    await this.db?.stop();
  }

  sql = async (text: string, params: unknown[] = []) => (await this.client.query(text, params)).rows;
  call = (method: string, path: string, auth?: string, body?: unknown, headers?: Record<string, string>) => send(this.gateway.url, method, path, auth, body, headers);
  callConsent = (method: string, path: string, auth?: string, body?: unknown) => send(this.consent.url, method, path, auth, body);
  callPolicy = (method: string, path: string, auth?: string, body?: unknown) => send(this.policy.url, method, path, auth, body);

  async organisation(name: string, kind = 'enterprise', scopes = ['verify', 'lookup', 'batch', 'consent']): Promise<Org> {
    const [org] = await this.sql(`INSERT INTO identity.organisations (name, kind) VALUES ($1, $2) RETURNING id`, [name, kind]);
    const key = generateApiKey();
    const [row] = await this.sql(`INSERT INTO identity.api_keys (organisation_id, prefix, key_hash, scopes, label) VALUES ($1, $2, $3, $4, 'test') RETURNING id`, [
      org.id, key.prefix, key.hash, scopes,
    ]);
    return { id: org.id, key: key.key, keyId: row.id };
  }

  async licence(org: Org, body: Record<string, unknown>): Promise<void> {
    const res = await this.callPolicy('POST', '/v1/licences', this.operator, {
      organisationId: org.id,
      organisationKind: 'enterprise',
      legalBasis: 'consent',
      legalReference: 'Customer contract',
      validFrom: new Date(Date.now() - 86_400_000).toISOString(),
      validTo: new Date(Date.now() + 365 * 86_400_000).toISOString(),
      ...body,
    });
    if (res.status !== 201) throw new Error(`licence: ${res.status} ${JSON.stringify(res.body)}`);
  }

  async topUp(org: Org, amountVnd: string): Promise<void> {
    const res = await this.call('POST', `/v1/metering/organisations/${org.id}/top-ups`, this.operator, { amountVnd, reference: `test-${randomUUID()}` });
    if (res.status !== 201 && res.status !== 200) throw new Error(`top-up: ${res.status} ${JSON.stringify(res.body)}`);
  }

  /** A consent requested by the organisation and approved by the citizen through the registry's API. */
  async grantConsent(org: Org, citizen: CitizenRecord, fields: string[], extra: Record<string, unknown> = {}): Promise<string> {
    const req = await this.callConsent('POST', '/v1/consent-requests', org.key, {
      citizenId: citizen.idNumber, purpose: 'account-opening', fields, operations: ['verify', 'lookup'],
      validTo: new Date(Date.now() + 365 * 86_400_000).toISOString(), dataLifeDays: 30, ...extra,
    });
    if (req.status !== 201) throw new Error(`consent request: ${req.status} ${JSON.stringify(req.body)}`);
    const ok = await this.callConsent('POST', `/v1/me/consents/${req.body.consentId}/approve`, tokenFor('citizen', citizen.idNumber), {});
    if (ok.status !== 200) throw new Error(`approve: ${ok.status} ${JSON.stringify(ok.body)}`);
    return req.body.consentId;
  }

  async balance(org: Org): Promise<bigint> {
    return BigInt((await this.call('GET', '/v1/balance', org.key)).body.balanceVnd);
  }
}
