import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGliteWireServer } from './pglite-wire-server';

export interface EmbeddedPostgres {
  /** postgres:// URL of the socket server, usable by any `pg` client. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Folder where the data persists; omit for an in-memory database (tests). */
  dataDir?: string;
  /** Port of the socket server; 0 picks a free one. */
  port?: number;
}

/**
 * PostgreSQL compiled to WASM (PGlite), served over the PostgreSQL wire protocol so the
 * services use the same `pg` driver, migrations and BullMQ code as against a real server.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const db = await PGlite.create({ dataDir: options.dataDir ?? 'memory://' });
  // PGlite is a single session shared by every socket client, and ignores the
  // `options=-c search_path=...` startup parameter BullMQ's PostgreSQL backend relies on.
  // Our own SQL always names its schema, so a session-wide search_path for BullMQ is safe.
  await db.exec('SET search_path TO bullmq, public');
  const server = new PGliteWireServer(db);
  const port = await server.start(options.port ?? 0);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
