import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AuditEvent, auditEventFixture, generateSignerKey, validateAuditEvent } from '@consentry/audit-domain';
import { AUDIT_SCHEMA, AuditLogWriter, auditDatabase } from '@consentry/audit-data-access';
import { createAuditLogService } from '@consentry/audit-feature';
import { createDataSource } from '@consentry/shared-database';
import { RunningService } from '@consentry/shared-runtime';
import { TestDatabase, WORKSPACE_ROOT, startTestDatabase, startTestService, waitFor } from '@consentry/shared-testing';
import { DatabaseLogSource } from './lib/database-log-source';
import { HttpLogSource } from './lib/http-log-source';
import { verifyLog } from './lib/verify-log';

const ORIGIN = 'consentry.test/verify-log';
const key = generateSignerKey(ORIGIN, randomBytes(32));

function runCli(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-r', path.join(WORKSPACE_ROOT, 'tools/scripts/register.cjs'), path.join(WORKSPACE_ROOT, 'tools/verify-log/src/main.ts'), ...args], {
      cwd: WORKSPACE_ROOT,
      env: { PATH: process.env['PATH'] },
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe(`verify-log on ${process.env['DATABASE_URL'] ? 'PostgreSQL' : 'PGlite'}`, () => {
  let db: TestDatabase;
  let service: RunningService;
  let source: DataSource;

  const sql = async (text: string) => {
    const pg = new Client({ connectionString: db.url });
    await pg.connect();
    try {
      return (await pg.query(text)).rows;
    } finally {
      await pg.end();
    }
  };
  /** The superuser path around the append-only trigger, as an attacker with database access would take. */
  const tamper = (table: string, statement: string) =>
    sql(`BEGIN; ALTER TABLE audit.${table} DISABLE TRIGGER ${table}_append_only; ${statement}; ALTER TABLE audit.${table} ENABLE TRIGGER ${table}_append_only; COMMIT`);
  const checkpointSize = async () => Number((await (await fetch(`${service.url}/v1/log/checkpoint`)).text()).split('\n')[1]);

  beforeAll(async () => {
    db = await startTestDatabase();
    service = await startTestService(
      createAuditLogService({ env: { AUDIT_LOG_ORIGIN: ORIGIN, AUDIT_SIGNING_KEY: key.skey, AUDIT_CHECKPOINT_INTERVAL_MS: '100' } }),
      db.url,
    );
    source = await createDataSource({ url: db.url, poolSize: 2, schema: AUDIT_SCHEMA, entities: auditDatabase.entities, migrationSets: [] }).initialize();
    const writer = new AuditLogWriter(source, { keyEncryptionKey: Buffer.alloc(32, 1) });
    let size = 0;
    for (const count of [3, 1, 9, 4]) {
      const events = Array.from({ length: count }, (_, i) => {
        // Among the nine: a staff decision (its actor) and an access flagged both ways (columns the monitor reads).
        const flagged: Partial<AuditEvent> =
          count === 9 && i === 1
            ? { operation: 'decision', fee: null, actor: { role: 'regulator', subject: randomUUID() } }
            : count === 9 && i === 2
              ? { sequentialId: true, noMatch: true }
              : {};
        const r = validateAuditEvent(auditEventFixture({ eventId: randomUUID(), citizenPseudonym: i % 2 ? null : randomBytes(32).toString('hex'), ...flagged }));
        if (!r.ok) throw new Error('fixture');
        return r.event;
      });
      size += (await writer.append(events)).appended.length;
      await waitFor(async () => (await checkpointSize()) === size, 20_000, `checkpoint ${size}`);
    }
  });
  afterAll(async () => {
    await source?.destroy();
    await service?.app.close();
    await db?.stop();
  });

  it('finds an intact log intact, through the API and in the database', async () => {
    const overHttp = await verifyLog(new HttpLogSource(service.url), { trustedKeys: [key.vkey] });
    expect(overHttp.problems).toEqual([]);
    expect(overHttp).toMatchObject({ ok: true, entries: 17 });
    expect(overHttp.checkpoints).toBeGreaterThanOrEqual(5);
    const database = new DatabaseLogSource(db.url);
    try {
      expect((await verifyLog(database, { trustedKeys: [key.vkey] })).problems).toEqual([]);
    } finally {
      await database.close();
    }
    const cli = await runCli(['--url', service.url, '--key', key.vkey]);
    expect(cli.output).toContain('VERDICT: OK');
    expect(cli.code).toBe(0);
  }, 60_000);

  it('rejects checkpoints under a key it was not told to trust', async () => {
    const other = generateSignerKey(ORIGIN, randomBytes(32));
    const report = await verifyLog(new HttpLogSource(service.url), { trustedKeys: [other.vkey] });
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatch(/no verifiable signature/);
  });

  it('catches a tampered column, leaf, node and checkpoint, and the CLI exits non-zero', async () => {
    await tamper('entries', `UPDATE audit.entries SET purpose = 'marketing' WHERE idx = 1`);
    await tamper('entries', `UPDATE audit.entries SET reason_code = 'ALLOWED_BY_HAND' WHERE idx = 3`);
    await tamper('entries', `UPDATE audit.entries SET actor_subject = gen_random_uuid() WHERE actor_role IS NOT NULL`);
    // NULL, which the stream reads as false (a flag dropped without a trace of false).
    await tamper('entries', `UPDATE audit.entries SET sequential_id = NULL WHERE sequential_id`);
    const database = new DatabaseLogSource(db.url);
    try {
      const columnOnly = await verifyLog(database, { trustedKeys: [key.vkey] });
      expect(columnOnly.problems).toHaveLength(4);
      expect(columnOnly.problems).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/entry 1: purpose shown as "marketing"/),
          expect.stringMatching(/entry 3: reasonCode shown as "ALLOWED_BY_HAND"/),
          expect.stringMatching(/entry \d+: actor shown as .* but the leaf says .*"role":"regulator"/),
          expect.stringMatching(/entry \d+: sequentialId shown as null but the leaf says true/),
        ]),
      );

      await tamper('entries', `UPDATE audit.entries SET leaf = convert_to(replace(convert_from(leaf, 'UTF8'), '"decision":"allow"', '"decision":"deny"'), 'UTF8') WHERE idx = 2`);
      await tamper('tree_nodes', `UPDATE audit.tree_nodes SET hash = sha256(hash) WHERE node_key = (SELECT min(node_key) FROM audit.tree_nodes)`);
      const report = await verifyLog(database, { trustedKeys: [key.vkey] });
      expect(report.ok).toBe(false);
      expect(report.problems.join('\n')).toMatch(/entry 2: leaf hash .* stored, leaf bytes hash to/);
      expect(report.problems.join('\n')).toMatch(/checkpoint \d+: signed root .* but the entries give/);
      expect(report.problems.join('\n')).toMatch(/tree node 2\/0 is [0-9a-f]+, the entries give/);
    } finally {
      await database.close();
    }

    await tamper('checkpoints', `UPDATE audit.checkpoints SET note = replace(note, E'\\n17\\n', E'\\n18\\n') WHERE tree_size = 17`);
    const cli = await runCli(['--url', service.url, '--key', key.vkey]);
    expect(cli.output).toContain('VERDICT: FAILED');
    expect(cli.output).toMatch(/invalid signature for key/);
    expect(cli.output).toMatch(/entry 2: leaf hash/);
    expect(cli.code).toBe(1);
    const dbCli = await runCli(['--database-url', db.url]);
    expect(dbCli.code).toBe(1);
    expect((await runCli([])).code).toBe(2);
  }, 90_000);
});
