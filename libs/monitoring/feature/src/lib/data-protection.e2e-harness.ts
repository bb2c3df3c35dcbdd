import { randomUUID } from 'node:crypto';
import type { DynamicModule } from '@nestjs/common';
import { Client } from 'pg';
import { createAuditLogService } from '@consentry/audit-feature';
import { identityDatabase } from '@consentry/identity-feature';
import { MONITORING_MIGRATIONS, MONITORING_SCHEMA } from '@consentry/monitoring-data-access';
import { AccessTokens, generateApiKey } from '@consentry/shared-auth';
import type { RunningService } from '@consentry/shared-runtime';
import { TEST_SECRETS, TestDatabase, startTestDatabase, startTestService } from '@consentry/shared-testing';
import type { DataProtectionModuleOptions } from './data-protection.settings';

/** For e2e specs: the audit-log service with only the given data-protection modules mounted. */
export interface Harness {
  db: TestDatabase;
  service: RunningService;
  clock: { at: Date; now(): Date };
  citizen(pseudonym: string): string;
  regulator: string;
  operator: string;
  organisationKey(name: string, scopes?: string[]): Promise<{ key: string; organisationId: string }>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  call(method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; type: string; body: any; raw: Buffer }>;
  /** One statement on a connection of its own (setting up what the API cannot). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  sql(text: string, params?: unknown[]): Promise<any[]>;
  /** Every page of a cursor-paged list, `limit` items a page, checking each answer on the way. */
  pages<T>(path: string, token: string, limit?: number): Promise<T[][]>;
  stop(): Promise<void>;
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function startHarness(modules: (options: DataProtectionModuleOptions) => DynamicModule[], start: string, env: Record<string, string> = {}): Promise<Harness> {
  const db = await startTestDatabase();
  const clock = { at: new Date(start), now() { return this.at; } };
  const spec = createAuditLogService({
    clock,
    env: { AUDIT_CHECKPOINT_INTERVAL_MS: '60000' },
    extension: {
      migrationSets: [identityDatabase.migrationSet, { schema: MONITORING_SCHEMA, migrations: MONITORING_MIGRATIONS }],
      modules: () => modules({ clock, env }),
    },
  });
  const service = await startTestService(spec, db.url);
  const call: Harness['call'] = async (method, path, token, body) => {
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(service.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const raw = Buffer.from(await res.arrayBuffer());
    const type = res.headers.get('content-type') ?? '';
    return { status: res.status, type, raw, body: type.includes('json') && raw.length ? JSON.parse(raw.toString('utf8')) : raw.toString('utf8') };
  };
  const tokens = new AccessTokens(TEST_SECRETS.AUTH_TOKEN_SECRET);
  return {
    db,
    service,
    clock,
    citizen: (psn) => tokens.issue({ accountId: randomUUID(), role: 'citizen', citizenPseudonym: psn, eidLevel: 2 }).token,
    regulator: tokens.issue({ accountId: randomUUID(), role: 'regulator' }).token,
    operator: tokens.issue({ accountId: randomUUID(), role: 'operator' }).token,
    organisationKey(name, scopes = ['lookup', 'breaches']) {
      const issued = generateApiKey();
      return withClient(db.url, async (client) => {
        const org = await client.query(`INSERT INTO "identity"."organisations" (name, kind) VALUES ($1, 'enterprise') RETURNING id`, [name]);
        await client.query(`INSERT INTO "identity"."api_keys" (organisation_id, prefix, key_hash, scopes, label) VALUES ($1, $2, $3, $4::text[], 'test')`, [
          org.rows[0].id,
          issued.prefix,
          issued.hash,
          scopes,
        ]);
        return { key: issued.key, organisationId: org.rows[0].id };
      });
    },
    call,
    sql: (text, params = []) => withClient(db.url, async (client) => (await client.query(text, params)).rows),
    async pages<T>(path: string, token: string, limit = 2) {
      const seen: T[][] = [];
      let cursor: string | null = null;
      do {
        const res = await call('GET', `${path}${path.includes('?') ? '&' : '?'}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, token);
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(limit);
        seen.push(res.body.items);
        cursor = res.body.nextCursor;
        if (seen.length > 20) throw new Error(`${path} pages for ever`);
      } while (cursor !== null);
      return seen;
    },
    async stop() {
      await service?.app.close();
      await db?.stop();
    },
  };
}
