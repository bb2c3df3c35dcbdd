import { Client } from 'pg';
import { generateApiKey, hashPassword, pseudonymFor } from '@consentry/shared-auth';
import { TEST_SECRETS } from '@consentry/shared-testing';

export interface Fixtures {
  orgA: { id: string; key: string };
  orgB: { id: string; key: string };
  orgNoScope: { id: string; key: string };
  citizens: { idNumber: string; password: string; eidLevel: number }[];
  operator: { username: string; password: string };
}

/** Organisations with API keys and people with logins, written straight into the identity schema. */
export async function seedFixtures(url: string, citizenIds: string[]): Promise<Fixtures> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const org = async (name: string, scopes: string[]) => {
      const { rows } = await client.query(`INSERT INTO identity.organisations (name, kind) VALUES ($1, 'enterprise') RETURNING id`, [name]);
      const key = generateApiKey();
      await client.query(`INSERT INTO identity.api_keys (organisation_id, prefix, key_hash, scopes, label) VALUES ($1, $2, $3, $4, 'test')`, [
        rows[0].id, key.prefix, key.hash, scopes,
      ]);
      return { id: rows[0].id as string, key: key.key };
    };
    const citizens = [];
    for (const [i, idNumber] of citizenIds.entries()) {
      const eidLevel = i === 2 ? 1 : 2;
      const psn = pseudonymFor(TEST_SECRETS.PSEUDONYM_KEY, idNumber);
      await client.query(`INSERT INTO identity.accounts (login, role, password_hash, citizen_pseudonym, eid_level) VALUES ($1, 'citizen', $2, $1, $3)`, [
        psn, await hashPassword('pw-' + i), eidLevel,
      ]);
      citizens.push({ idNumber, password: 'pw-' + i, eidLevel });
    }
    await client.query(`INSERT INTO identity.accounts (login, role, password_hash) VALUES ('op', 'operator', $1)`, [await hashPassword('op-pw')]);
    return {
      orgA: await org('Bank A', ['verify', 'consent']),
      orgB: await org('Bank B', ['verify', 'consent']),
      orgNoScope: await org('Shop C', ['verify']),
      citizens,
      operator: { username: 'op', password: 'op-pw' },
    };
  } finally {
    await client.end();
  }
}

/** A tiny JSON client for one service. */
export function client(base: string) {
  return async (method: string, path: string, auth?: string, body?: unknown) => {
    const res = await fetch(base + path, {
      method,
      headers: { ...(auth ? { authorization: `Bearer ${auth}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const json: any = text ? JSON.parse(text) : undefined;
    return { status: res.status, body: json, headers: res.headers };
  };
}
