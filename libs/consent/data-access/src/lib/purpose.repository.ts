import { DataSource, EntityManager } from 'typeorm';
import type { Purpose } from '@consentry/consent-domain';

export class PurposeRepository {
  constructor(private readonly source: DataSource | EntityManager) {}

  async list(): Promise<Purpose[]> {
    const rows: { code: string; title: string; description: string; legal_text: string }[] = await this.source.query(
      `SELECT code, title, description, legal_text FROM "consent"."purposes" ORDER BY code`,
    );
    return rows.map((r) => ({ code: r.code, title: r.title, description: r.description, legalText: r.legal_text }));
  }

  async find(code: string): Promise<Purpose | null> {
    return (await this.list()).find((p) => p.code === code) ?? null;
  }

  /** Adds a purpose; returns false when the code exists already (purposes are never rewritten). */
  async insert(p: Purpose): Promise<boolean> {
    const rows = await this.source.query(
      `INSERT INTO "consent"."purposes" (code, title, description, legal_text) VALUES ($1, $2, $3, $4)
       ON CONFLICT (code) DO NOTHING RETURNING code`,
      [p.code, p.title, p.description, p.legalText],
    );
    return rows.length === 1;
  }
}
