import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { PurposeRepository } from '@consentry/consent-data-access';
import { AccountEntity, AccountRepository } from '@consentry/identity-data-access';
import { ApiKeyEntity, ApiKeyRepository, ApiKeyScope, OrganisationEntity, OrganisationKind } from '@consentry/identity-data-access';
import { insertCitizens } from '@consentry/population-data-access';
import { generateCitizen, generateCitizens } from '@consentry/population-synthetic';
import { generateApiKey, hashPassword, pseudonymFor } from '@consentry/shared-auth';

export const DEMO_SEED = 2026;

export interface DemoCredentials {
  note: string;
  organisations: { name: string; kind: OrganisationKind; apiKey: string; scopes: ApiKeyScope[] }[];
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
  { name: 'Ngân hàng Demo (Demo Bank)', kind: 'enterprise', scopes: ['verify', 'lookup', 'batch', 'consent'] },
  { name: 'Viễn thông Demo (Demo Telco)', kind: 'enterprise', scopes: ['verify', 'consent'] },
  { name: 'Sở Y tế Demo (Demo Health Department)', kind: 'state-agency', scopes: ['verify', 'lookup'] },
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
 * Loads the demo dataset: synthetic citizens (deterministic from DEMO_SEED), sign-in accounts
 * for three of them and for a regulator and an operator, and demo organisations with API keys.
 * Returns the plain credentials, which exist nowhere else: only their hashes are stored.
 */
export async function seedDemo(options: SeedDemoOptions): Promise<DemoCredentials> {
  const pool = new Pool({ connectionString: options.url, max: 2 });
  try {
    let done = 0;
    for (const batch of generateCitizens({ seed: DEMO_SEED, count: options.citizens, batchSize: 2000 })) {
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
      const record = generateCitizen(DEMO_SEED, index);
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
      await keys.insertKey({ organisationId, prefix: issued.prefix, hash: issued.hash, scopes: org.scopes, label: 'demo' });
      organisations.push({ name: org.name, kind: org.kind, apiKey: issued.key, scopes: org.scopes });
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
