import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { PurposeRepository } from '@consentry/consent-data-access';
import { AccountEntity, AccountRepository } from '@consentry/identity-data-access';
import { ApiKeyEntity, ApiKeyRepository, ApiKeyScope, OrganisationEntity, OrganisationKind } from '@consentry/identity-data-access';
import { insertCitizens } from '@consentry/population-data-access';
import { generateCitizen, generateCitizens } from '@consentry/population-synthetic';
import { generateApiKey, hashPassword, pseudonymFor } from '@consentry/shared-auth';

export const DEMO_CITIZENS_SEED = 2026;

export interface DemoCredentials {
  note: string;
  organisations: { id: string; name: string; kind: OrganisationKind; apiKey: string; scopes: ApiKeyScope[] }[];
  citizens: { username: string; password: string; eidLevel: number; fullName: string }[];
  staff: { username: string; password: string; role: 'regulator' | 'operator' }[];
}

export interface SeedDemoOptions {
  url: string;
  pseudonymKey: string;
  citizens: number;
  onProgress?: (done: number, total: number) => void;
}

const DEMO_ORGANISATIONS: { name: string; kind: OrganisationKind; scopes: ApiKeyScope[] }[] = [
  { name: 'Ngân hàng Demo (Demo Bank)', kind: 'enterprise', scopes: ['verify', 'lookup', 'batch', 'consent', 'keys', 'breaches'] },
  { name: 'Viễn thông Demo (Demo Telco)', kind: 'enterprise', scopes: ['verify', 'consent', 'breaches'] },
  { name: 'Sở Y tế Demo (Demo Health Department)', kind: 'state-agency', scopes: ['verify', 'lookup', 'breaches'] },
];

export const DEMO_PURPOSES = [
  {
    code: 'account-opening',
    title: 'Open a bank account',
    description: 'Know-your-customer identity checks when a citizen opens an account.',
    legalText: 'Law on Credit Institutions No. 32/2024/QH15; Circular 17/2024/TT-NHNN',
  },
  {
    code: 'sim-registration',
    title: 'Register a mobile subscription',
    description: 'Checking the subscriber of a SIM card against the population database.',
    legalText: 'Decree 163/2024/ND-CP on telecommunications',
  },
  {
    code: 'health-insurance-claim',
    title: 'Process a health insurance claim',
    description: 'Checking the patient of a claim and their health-insurance number.',
    legalText: 'Law on Health Insurance No. 51/2024/QH15',
  },
];

const password = () => randomBytes(12).toString('base64url');

/**
 * Loads the demo dataset: synthetic citizens (deterministic from DEMO_CITIZENS_SEED), sign-in accounts
 * for three of them and for a regulator and an operator, and demo organisations with API keys.
 * Returns the plain credentials, which exist nowhere else: only their hashes are stored.
 */
export async function seedDemo(options: SeedDemoOptions): Promise<DemoCredentials> {
  const pool = new Pool({ connectionString: options.url, max: 2 });
  try {
    let done = 0;
    for (const batch of generateCitizens({ seed: DEMO_CITIZENS_SEED, count: options.citizens, batchSize: 2000 })) {
      await insertCitizens(pool, batch);
      done += batch.length;
      options.onProgress?.(done, options.citizens);
    }
  } finally {
    await pool.end();
  }

  const dataSource = await new DataSource({
    type: 'postgres',
    url: options.url,
    entities: [AccountEntity, OrganisationEntity, ApiKeyEntity],
    extra: { max: 1 },
  }).initialize();
  try {
    const purposes = new PurposeRepository(dataSource);
    for (const purpose of DEMO_PURPOSES) await purposes.insert(purpose);
    const accounts = new AccountRepository(dataSource);
    const citizens: DemoCredentials['citizens'] = [];
    for (const index of [0, 1, 2]) {
      const record = generateCitizen(DEMO_CITIZENS_SEED, index);
      const eidLevel = index === 2 ? 1 : 2;
      const secret = password();
      await accounts.upsert({
        login: pseudonymFor(options.pseudonymKey, record.idNumber),
        role: 'citizen',
        passwordHash: await hashPassword(secret),
        citizenPseudonym: pseudonymFor(options.pseudonymKey, record.idNumber),
        eidLevel,
      });
      citizens.push({ username: record.idNumber, password: secret, eidLevel, fullName: record.fullName });
    }
    const staff: DemoCredentials['staff'] = [];
    for (const role of ['regulator', 'operator'] as const) {
      const secret = password();
      await accounts.upsert({ login: `demo-${role}`, role, passwordHash: await hashPassword(secret) });
      staff.push({ username: `demo-${role}`, password: secret, role });
    }
    const keys = new ApiKeyRepository(dataSource);
    const organisations: DemoCredentials['organisations'] = [];
    for (const org of DEMO_ORGANISATIONS) {
      const organisationId = await keys.ensureOrganisation(org.name, org.kind);
      const issued = generateApiKey();
      await keys.insertKey({ organisationId, prefix: issued.prefix, hash: issued.hash, scopes: org.scopes, label: 'demo', createdBy: 'seed' });
      organisations.push({ id: organisationId, name: org.name, kind: org.kind, apiKey: issued.key, scopes: org.scopes });
    }
    return {
      note: 'Demo credentials of the embedded platform. Only hashes are stored in the database; this file is the only copy.',
      organisations,
      citizens,
      staff,
    };
  } finally {
    await dataSource.destroy();
  }
}

/**
 * A pending consent request from the demo bank to the first demo citizen, made through the
 * consent registry's own API, so the citizen has something to approve in the quick start.
 */
export async function requestDemoConsent(consentRegistryUrl: string, credentials: DemoCredentials): Promise<string> {
  const response = await fetch(`${consentRegistryUrl}/v1/consent-requests`, {
    method: 'POST',
    headers: { authorization: `Bearer ${credentials.organisations[0].apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      citizenId: credentials.citizens[0].username,
      purpose: 'account-opening',
      fields: ['fullName', 'dateOfBirth', 'permanentResidence', 'religion'],
      operations: ['verify', 'lookup'],
      frequency: { limit: 10, period: 'month' },
      validTo: new Date(Date.now() + 365 * 86_400_000).toISOString(),
      dataLifeDays: 30,
      requestExpiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    }),
  });
  if (response.status !== 201) throw new Error(`demo consent request failed: HTTP ${response.status}`);
  return ((await response.json()) as { consentId: string }).consentId;
}

async function call(url: string, method: string, token: string, body: unknown): Promise<{ status: number; body: { [k: string]: unknown } }> {
  const response = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json().catch(() => ({}))) as { [k: string]: unknown } };
}

/**
 * Licences for the demo organisations (through the policy engine's API) and prepaid balances
 * (through metering's API), signed in as the demo operator: the quick start can verify at once.
 */
export async function licenseDemoOrganisations(
  urls: { consentRegistry: string; policyEngine: string; queryGateway: string },
  credentials: DemoCredentials,
): Promise<void> {
  const organisationIds = new Map(credentials.organisations.map((o) => [o.name, o.id]));
  const operator = credentials.staff.find((s) => s.role === 'operator')!;
  const login = await call(`${urls.consentRegistry}/v1/auth/token`, 'POST', '', { username: operator.username, password: operator.password });
  const token = login.body['accessToken'] as string;
  const year = 365 * 86_400_000;
  const window = { validFrom: new Date(Date.now() - 60_000).toISOString(), validTo: new Date(Date.now() + 5 * year).toISOString() };
  const licences = [
    {
      name: DEMO_ORGANISATIONS[0].name,
      legalBasis: 'consent',
      legalReference: 'Customer contract and consent (Decree 356/2025)',
      grants: [{ purposeCode: 'account-opening', operations: ['verify', 'lookup', 'batch'], fields: ['fullName', 'dateOfBirth', 'sex', 'permanentResidence', 'religion', 'taxNumber'], obligations: { taxNumber: 'mask' } }],
    },
    {
      name: DEMO_ORGANISATIONS[1].name,
      legalBasis: 'consent',
      legalReference: 'Subscriber contract (Decree 163/2024)',
      grants: [{ purposeCode: 'sim-registration', operations: ['verify'], fields: ['fullName', 'dateOfBirth', 'sex'] }],
    },
    {
      name: DEMO_ORGANISATIONS[2].name,
      legalBasis: 'legal-duty',
      legalReference: 'Law on Health Insurance No. 51/2024/QH15',
      grants: [{ purposeCode: 'health-insurance-claim', operations: ['verify', 'lookup'], fields: ['fullName', 'dateOfBirth', 'healthInsuranceNumber'] }],
    },
  ];
  for (const l of licences) {
    const org = DEMO_ORGANISATIONS.find((o) => o.name === l.name)!;
    const organisationId = organisationIds.get(l.name)!;
    const res = await call(`${urls.policyEngine}/v1/licences`, 'POST', token, {
      organisationId,
      organisationKind: org.kind,
      legalBasis: l.legalBasis,
      legalReference: l.legalReference,
      grants: l.grants,
      ...window,
    });
    if (res.status !== 201) throw new Error(`demo licence for ${l.name}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
    if (org.kind === 'enterprise') {
      const topUp = await call(`${urls.queryGateway}/v1/metering/organisations/${organisationId}/top-ups`, 'POST', token, {
        amountVnd: '5000000',
        reference: `demo-opening-balance-${organisationId}`,
      });
      if (topUp.status >= 300) throw new Error(`demo top-up for ${l.name}: HTTP ${topUp.status} ${JSON.stringify(topUp.body)}`);
    }
  }
}
