import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Organisation names by id, for services that show organisations to people. Inside a
 * transaction pass its EntityManager: on the embedded database a second connection would wait
 * for that transaction to end.
 */
@Injectable()
export class OrganisationDirectory {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async names(ids: string[], source: DataSource | EntityManager = this.dataSource): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; name: string }[] = await source.query(
      `SELECT id, name FROM "identity"."organisations" WHERE id = ANY($1::uuid[])`,
      [[...new Set(ids)]],
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  async name(id: string, source?: DataSource | EntityManager): Promise<string> {
    return (await this.names([id], source)).get(id) ?? 'Unknown organisation';
  }

  /** The kind of each organisation (enterprise, state agency...) as the identity directory records it. */
  async kinds(ids: string[], source: DataSource | EntityManager = this.dataSource): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; kind: string }[] = await source.query(
      `SELECT id, kind FROM "identity"."organisations" WHERE id = ANY($1::uuid[])`,
      [[...new Set(ids)]],
    );
    return new Map(rows.map((r) => [r.id, r.kind]));
  }

  /** Whether this API key (revoked or not) was issued to this organisation. */
  async keyBelongsTo(apiKeyId: string, organisationId: string, source: DataSource | EntityManager = this.dataSource): Promise<boolean> {
    const rows = await source.query(`SELECT 1 FROM "identity"."api_keys" WHERE id = $1::uuid AND organisation_id = $2::uuid`, [apiKeyId, organisationId]);
    return rows.length > 0;
  }
}
