import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { consentRegistryService } from '@consentry/consent-feature';
import { encodeIdNumber } from '@consentry/population-domain';
import { AccessTokens, Role, generateApiKey, pseudonymFor } from '@consentry/shared-auth';
import { RunningService } from '@consentry/shared-runtime';
import { TEST_SECRETS, TestDatabase, startTestDatabase, startTestService } from '@consentry/shared-testing';
import { policyEngineService } from '../policy-engine.service';

/* eslint-disable @typescript-eslint/no-explicit-any */

export interface Reply {
  status: number;
  body: any;
  headers: Headers;
}

/**
 * One test database with the consent registry (so its purpose catalogue and consent view
 * exist) and one or more policy-engine replicas on it.
 */
export interface PolicyStack {
  db: TestDatabase;
  consentRegistry: RunningService;
  engines: RunningService[];
  sql(text: string, params?: unknown[]): Promise<any[]>;
  /** A JSON call to a policy engine (the first unless `engine` is given). */
  call(method: string, path: string, token?: string, body?: unknown, engine?: RunningService): Promise<Reply>;
  callConsent(method: string, path: string, token?: string, body?: unknown): Promise<Reply>;
  stop(): Promise<void>;
}

export async function startPolicyStack(engines = 1): Promise<PolicyStack> {
  const db = await startTestDatabase();
  const consentRegistry = await startTestService(consentRegistryService, db.url);
  const running: RunningService[] = [];
  for (let i = 0; i < engines; i++) running.push(await startTestService(policyEngineService, db.url));
  const client = new Client({ connectionString: db.url });
  await client.connect();
  return {
    db,
    consentRegistry,
    engines: running,
    sql: async (text, params = []) => (await client.query(text, params)).rows,
    call: (method, path, token, body, engine = running[0]) => send(engine.url, method, path, token, body),
    callConsent: (method, path, token, body) => send(consentRegistry.url, method, path, token, body),
    async stop() {
      await client.end().catch(() => undefined);
      for (const e of running) await e.app.close().catch(() => undefined);
      await consentRegistry.app.close().catch(() => undefined);
      await db.stop();
    },
  };
}

async function send(base: string, method: string, path: string, token?: string, body?: unknown): Promise<Reply> {
  const res = await fetch(base + path, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

const tokens = new AccessTokens(TEST_SECRETS.AUTH_TOKEN_SECRET);

/** An access token as the identity service would issue it (same shared secret). */
export function tokenFor(role: Role, citizenIdNumber?: string): string {
  return tokens.issue({
    accountId: randomUUID(),
    role,
    ...(role === 'citizen' ? { citizenPseudonym: pseudonymOf(citizenIdNumber!), eidLevel: 2 } : {}),
  }).token;
}

export const pseudonymOf = (idNumber: string) => pseudonymFor(TEST_SECRETS.PSEUDONYM_KEY, idNumber);

/** Valid, distinct citizen ID numbers. */
export const citizenId = (serial: number) => encodeIdNumber({ provinceCode: '079', sex: serial % 2 ? 'female' : 'male', birthYear: 1990, serial });

export interface SeededOrganisation {
  id: string;
  name: string;
  apiKey: string;
  apiKeyId: string;
}

/** An organisation and one API key, written straight into the identity schema as its own service would. */
export async function seedOrganisation(stack: PolicyStack, name: string, kind = 'enterprise', scopes = ['verify', 'lookup', 'batch', 'consent']): Promise<SeededOrganisation> {
  const [org] = await stack.sql(`INSERT INTO identity.organisations (name, kind) VALUES ($1, $2) RETURNING id`, [name, kind]);
  const key = generateApiKey();
  const [row] = await stack.sql(
    `INSERT INTO identity.api_keys (organisation_id, prefix, key_hash, scopes, label) VALUES ($1, $2, $3, $4, 'test') RETURNING id`,
    [org.id, key.prefix, key.hash, scopes],
  );
  return { id: org.id, name, apiKey: key.key, apiKeyId: row.id };
}

/** Purposes through the consent registry's own API (operators add them there). */
export async function seedPurposes(stack: PolicyStack, codes: string[]): Promise<void> {
  const operator = tokenFor('operator');
  for (const code of codes) {
    const res = await stack.callConsent('POST', '/v1/purposes', operator, {
      code,
      title: `Purpose ${code}`,
      description: `Test purpose ${code}`,
      legalText: 'Test legal text',
    });
    if (res.status !== 201) throw new Error(`purpose ${code}: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

export interface ConsentSeed {
  citizen: string;
  organisationId: string;
  purpose: string;
  granted: string[];
  operations?: string[];
  state?: 'PENDING' | 'ACTIVE' | 'REJECTED' | 'PAUSED' | 'REVOKED' | 'EXPIRED';
  validFrom?: string;
  validTo?: string;
  frequency?: { limit: number; period: string };
}

/**
 * A consent in a given state, written into the consent registry's tables as its lifecycle would
 * have (a request, then one transition to the state). Receipts are placeholders: the policy
 * engine reads only the consent view.
 */
export async function seedConsent(stack: PolicyStack, c: ConsentSeed): Promise<string> {
  const id = randomUUID();
  const now = Date.now();
  const validFrom = c.validFrom ?? new Date(now - 86_400_000).toISOString();
  const validTo = c.validTo ?? new Date(now + 365 * 86_400_000).toISOString();
  await stack.sql(
    `INSERT INTO consent.consents (id, citizen_pseudonym, organisation_id, purpose_code, fields, operations, frequency_limit, frequency_period,
       valid_from, valid_to, data_life_days, request_expires_at, created_at)
     VALUES ($1, $2, $3, $4, $5::text[], $6::text[], $7, $8, $9, $10, 30, $11, $12)`,
    [id, pseudonymOf(c.citizen), c.organisationId, c.purpose, c.granted, c.operations ?? ['verify', 'lookup'], c.frequency?.limit ?? null,
      c.frequency?.period ?? null, validFrom, validTo, new Date(now + 86_400_000), new Date(now - 1000)],
  );
  const transition = (sequence: number, action: string, from: string | null, to: string, granted: string[]) =>
    stack.sql(
      `INSERT INTO consent.transitions (consent_id, sequence, action, from_state, to_state, granted_fields, actor_kind, actor_id, at, receipt_id, receipt_jws)
       VALUES ($1, $2, $3, $4, $5, $6::text[], 'system', 'test-fixture', now(), $7, 'test.receipt.placeholder')`,
      [id, sequence, action, from, to, granted, randomUUID()],
    );
  await transition(1, 'request', null, 'PENDING', []);
  const state = c.state ?? 'ACTIVE';
  if (state !== 'PENDING') {
    const action = { ACTIVE: 'approve', REJECTED: 'reject', PAUSED: 'pause', REVOKED: 'revoke', EXPIRED: 'expire' }[state];
    await transition(2, action, 'PENDING', state, state === 'REJECTED' ? [] : c.granted);
  }
  return id;
}

const YEAR_MS = 365 * 86_400_000;

/** A valid licence request body; override any term. */
export function licenceBody(organisationId: string, overrides: Record<string, unknown> = {}): Record<string, any> {
  return {
    organisationId,
    organisationKind: 'enterprise',
    legalBasis: 'consent',
    legalReference: 'Contract with the data controller',
    grants: [{ purposeCode: 'account-opening', operations: ['verify', 'lookup'], fields: ['fullName', 'dateOfBirth', 'religion'] }],
    validFrom: new Date(Date.now() - YEAR_MS).toISOString(),
    validTo: new Date(Date.now() + YEAR_MS).toISOString(),
    ...overrides,
  };
}

/** The field names of a 400 problem. */
export const errorFields = (reply: Reply): string[] => (reply.body?.errors ?? []).map((e: { field: string }) => e.field);
