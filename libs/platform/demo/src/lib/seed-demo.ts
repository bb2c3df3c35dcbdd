import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
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
