import { Injectable, Module, Provider } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
// Tests mount metering beside the identity tables, as the query gateway will; production code of
// this lib never imports identity (the lint rule), the hosting service wires the two.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { identityDatabase } from '@consentry/identity-feature';
import { AccessTokens, Role } from '@consentry/shared-auth';
import { TEST_SECRETS } from '@consentry/shared-testing';
import { ServiceSpec, coreModules } from '@consentry/shared-runtime';
import { MeteringModule } from '../metering.module';
import { meteringDatabase } from '../metering-database';
import { MeteringSettings } from '../metering.tokens';
import { OrganisationNamesPort } from '../organisation-names.port';

/** Names from identity.organisations, as the hosting service's directory would give them. */
@Injectable()
export class TestOrganisationNames extends OrganisationNamesPort {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }
  async name(id: string, source: DataSource | EntityManager = this.dataSource): Promise<string> {
    const rows = await source.query(`SELECT name FROM "identity"."organisations" WHERE id = $1`, [id]);
    return rows[0]?.name ?? 'Unknown organisation';
  }
}

/** A service hosting metering (as the query gateway will). */
export function meteringTestSpec(settings: MeteringSettings, providers: Provider[] = [], clock?: { now(): Date }): ServiceSpec {
  @Module({})
  class MeteringTestServiceModule {}
  return {
    name: 'metering-test',
    title: 'Metering test service',
    description: 'Metering module mounted for tests',
    portVariable: 'METERING_TEST_PORT',
    defaultPort: 0,
    module: (env) => ({
      module: MeteringTestServiceModule,
      imports: [
        ...coreModules('metering-test', env, {
          schema: 'metering',
          entities: [...identityDatabase.entities, ...meteringDatabase.entities],
          migrationSets: [identityDatabase.migrationSet, meteringDatabase.migrationSet],
        }),
        MeteringModule.register(settings, { providers: [{ provide: OrganisationNamesPort, useClass: TestOrganisationNames }, ...providers], clock }),
      ],
    }),
  };
}

export async function sql<T = any>(url: string, text: string, params: unknown[] = []): Promise<T[]> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows;
  } finally {
    await client.end();
  }
}

export async function seedOrganisation(url: string, name: string, kind = 'enterprise'): Promise<string> {
  return (await sql(url, `INSERT INTO identity.organisations (name, kind) VALUES ($1, $2) RETURNING id`, [name, kind]))[0].id;
}

/** An access token for a person with this role, signed with the test services' secret. */
export function tokenFor(role: Role, accountId = '00000000-0000-4000-8000-0000000000' + (role === 'operator' ? '01' : '02')): string {
  return new AccessTokens(TEST_SECRETS.AUTH_TOKEN_SECRET).issue({ accountId, role }).token;
}

/** A tiny JSON client. */
export function client(base: string) {
  return async (method: string, path: string, auth?: string, body?: unknown) => {
    const res = await fetch(base + path, {
      method,
      headers: { ...(auth ? { authorization: `Bearer ${auth}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const buffer = Buffer.from(await res.arrayBuffer());
    const type = res.headers.get('content-type') ?? '';
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const json: any = type.includes('json') && buffer.length ? JSON.parse(buffer.toString('utf8')) : undefined;
    return { status: res.status, body: json, raw: buffer, headers: res.headers };
  };
}
