import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuditEvent } from '@consentry/audit-domain';
import { AlertRepository, CursorRepository } from '@consentry/monitoring-data-access';
import { MONITORING_RULES, generateTraffic, scoreAlerts, type MonitoringAlert } from '@consentry/monitoring-domain';
import { PolicyReader, policyEngineService } from '@consentry/policy-feature';
import { AccessTokens, generateApiKey } from '@consentry/shared-auth';
import { QueueName, QueueService, createQueueBackend } from '@consentry/shared-queue';
import { RunningService } from '@consentry/shared-runtime';
import { TEST_SECRETS, TestDatabase, startTestDatabase, startTestService, waitFor } from '@consentry/shared-testing';
import { createMonitoredAuditLogService } from './monitored-audit-log.service';
import { MonitoringProcessor } from './detection/monitoring.processor';
import { DisputeCases } from './cases/dispute-cases.service';
import { MisuseDetection } from './detection/misuse-detection.service';
import { MONITORING_CLOCK, MONITORING_SETTINGS } from './detection/monitoring-config';

/* eslint-disable @typescript-eslint/no-explicit-any */
const hex = (s: string) => createHash('sha256').update(s).digest('hex');

describe(`misuse monitoring on ${process.env['DATABASE_URL'] ? 'PostgreSQL' : 'PGlite'} with the queue on ${process.env['REDIS_URL'] ? 'Redis' : 'PostgreSQL'}`, () => {
  let db: TestDatabase;
  let policy: RunningService;
  let service: RunningService;
  let producer: QueueService;
  let sql: Client;
  const prefix = `t${randomBytes(4).toString('hex')}`;
  const tokens = new AccessTokens(TEST_SECRETS.AUTH_TOKEN_SECRET);
  const regulatorAccount = randomUUID();
  const regulator = tokens.issue({ accountId: regulatorAccount, role: 'regulator' }).token;
  const operator = tokens.issue({ accountId: randomUUID(), role: 'operator' }).token;
  const citizenPsn = 'c7'.repeat(32);
  const citizen = tokens.issue({ accountId: randomUUID(), role: 'citizen', citizenPseudonym: citizenPsn, eidLevel: 2 }).token;
  const traffic = generateTraffic(MONITORING_RULES, { organisations: 6, days: 1, seed: 7 });

  const call = async (method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: any }> => {
    const res = await fetch(service.url + path, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const fields = (r: { body: any }) => (r.body?.errors ?? []).map((e: { field: string }) => e.field);
  const processor = () => service.app.get(MonitoringProcessor);
  const dataSource = () => service.app.get<DataSource>(getDataSourceToken());
  const treeSize = async () => Number((await sql.query(`SELECT size FROM audit.tree_state`)).rows[0].size);
  const send = async (events: AuditEvent[]) => {
    for (let i = 0; i < events.length; i += 1000) await producer.add(QueueName.AuditDelivery, 'ingest-events', { events: events.slice(i, i + 1000) });
  };

  const cursor = async () => Number((await sql.query(`SELECT position FROM monitoring.cursors WHERE name = 'audit-log'`)).rows[0].position);
  /** An allowed verify of `citizen` (hashed to a pseudonym) by an organisation at `ms`. */
  const allowedVerify = (ms: number, organisationId: string, citizen: string): AuditEvent => ({
    eventId: randomUUID(),
    occurredAt: new Date(ms).toISOString(),
    organisationId,
    operation: 'verify',
    purpose: 'kyc',
    legalBasis: { kind: 'consent', consentId: null },
    decision: 'allow',
    reasonCode: 'ALLOWED',
    fields: ['fullName'],
    fee: null,
    requestId: `r-${randomUUID()}`,
    citizenPseudonym: hex(citizen),
  });

  beforeAll(async () => {
    db = await startTestDatabase();
    // The policy engine owns the identity and policy schemas the case actions write to.
    policy = await startTestService(policyEngineService, db.url);
    service = await startTestService(
      createMonitoredAuditLogService({ env: { AUDIT_CHECKPOINT_INTERVAL_MS: '500' }, monitoring: { intervalMs: 300, batchEntries: 5000, baselineRefreshMs: Number.MAX_SAFE_INTEGER, stateSaveMs: 0 } }),
      db.url,
      { QUEUE_PREFIX: prefix },
    );
    producer = new QueueService(createQueueBackend({ databaseUrl: db.url, redisUrl: process.env['REDIS_URL'] || undefined, redisPrefix: prefix }));
    sql = new Client({ connectionString: db.url });
    await sql.connect();
  }, 120_000);
  afterAll(async () => {
    await sql?.end().catch(() => undefined);
    await producer?.onModuleDestroy();
    await service?.app.close();
    await policy?.app.close();
    await db?.stop();
  });

  it('finds the misuse planted in generated traffic, with evidence linked by audit index, and raises nothing twice', async () => {
    await sql.query(`INSERT INTO monitoring.volume_baselines (organisation_id, version, hourly, learned_at) SELECT o, 'model', string_to_array(h, ',')::float8[], now() FROM unnest($1::text[], $2::text[]) AS u(o, h)`, [
      Object.keys(traffic.baseline.hourly),
      Object.values(traffic.baseline.hourly).map((h) => h.join(',')),
    ]);
    const events: AuditEvent[] = traffic.entries.map((e) => ({
      eventId: randomUUID(),
      occurredAt: e.occurredAt,
      organisationId: e.organisationId,
      operation: e.operation,
      purpose: e.purpose,
      legalBasis: { kind: 'consent', consentId: null },
      decision: e.decision,
      reasonCode: e.reasonCode,
      fields: [...new Set(e.fields)],
      fee: null,
      requestId: `r${e.index}`,
      citizenPseudonym: e.citizenPseudonym ? hex(e.citizenPseudonym) : null,
      ...(e.noMatch ? { noMatch: true } : {}),
    }));
    await send(events);
    await waitFor(async () => (await treeSize()) >= events.length, 120_000, 'all events sequenced');
    await waitFor(async () => Number((await sql.query(`SELECT position FROM monitoring.cursors WHERE name = 'audit-log'`)).rows[0]?.position ?? 0) >= events.length, 60_000, 'detection caught up');

    const alerts: MonitoringAlert[] = await new AlertRepository().list(dataSource(), { limit: 1000 });
    const emitted = traffic.planted.filter((p) => ['enumeration-1', 'volume-spike-1', 'purpose-drift-1'].includes(p.id));
    const score = scoreAlerts(alerts, emitted);
    expect(score.missed).toEqual([]);
    expect(score.falseAlerts.filter((a) => !traffic.planted.some((p) => p.organisationId === a.organisationId))).toEqual([]);

    const page = await call('GET', `/v1/regulator/alerts?ruleId=enumeration&organisationId=${emitted[0]!.organisationId}`, regulator);
    expect(page.status).toBe(200);
    const enumeration = page.body.items[0];
    expect(enumeration).toMatchObject({ ruleId: 'enumeration', ruleSetVersion: MONITORING_RULES.version, organisationId: emitted[0]!.organisationId });
    expect(enumeration.evidence.counts.distinctCitizens).toBeGreaterThanOrEqual(100);
    const index = enumeration.evidence.entryIndexes[0];
    const entry = await call('GET', `/v1/regulator/entries?organisationId=${enumeration.organisationId}&limit=200`, regulator);
    expect(entry.status).toBe(200);
    expect((await call('GET', `/v1/log/entries/${index}`)).body).toMatchObject({ index, organisationId: enumeration.organisationId, noMatch: true });
    expect((await call('GET', `/v1/regulator/alerts/${enumeration.alertId}`, regulator)).body.alertKey).toBe(enumeration.alertKey);

    // Replaying the whole log (cursor back to 0) re-evaluates every window and stores nothing new.
    const before = Number((await sql.query(`SELECT count(*) FROM monitoring.alerts`)).rows[0].count);
    await sql.query(`UPDATE monitoring.cursors SET position = 0 WHERE name = 'audit-log'`);
    await waitFor(async () => Number((await sql.query(`SELECT position FROM monitoring.cursors WHERE name = 'audit-log'`)).rows[0].position) >= events.length, 60_000, 'replay');
    expect(Number((await sql.query(`SELECT count(*) FROM monitoring.alerts`)).rows[0].count)).toBe(before);
  }, 240_000);

  it('loses and doubles nothing when a pass fails between storing alerts and advancing the cursor', async () => {
    const head = await treeSize();
    const original = AlertRepository.prototype.record;
    const planted = { ...(await new AlertRepository().list(dataSource(), { limit: 1 }))[0]!, alertKey: `crash-test:${randomUUID()}` };
    const spy = jest.spyOn(AlertRepository.prototype, 'record').mockImplementationOnce(async function (this: AlertRepository, q, alerts, at) {
      await original.call(this, q, [...alerts, planted], at);
      throw new Error('crash between storing alerts and advancing the cursor');
    });
    const count = async () => Number((await sql.query(`SELECT count(*) FROM monitoring.alerts`)).rows[0].count);
    const before = await count();
    await sql.query(`UPDATE monitoring.cursors SET position = 0 WHERE name = 'audit-log'`);
    // The scheduled job or this call takes the failing pass; the next pass redoes it.
    await processor().run().catch(() => undefined);
    await waitFor(async () => Number((await sql.query(`SELECT position FROM monitoring.cursors WHERE name = 'audit-log'`)).rows[0].position) === head, 30_000, 'cursor back at head');
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
    expect((await sql.query(`SELECT 1 FROM monitoring.alerts WHERE alert_key = $1`, [planted.alertKey])).rows).toHaveLength(0);
    expect(await count()).toBe(before);
  }, 60_000);

  it('counts a failed pass once when it is redone, keeps counting across passes, and finds a citizen shopped around by organisations', async () => {
    const tag = randomBytes(3).toString('hex');
    const org = `quiet-${tag}`;
    const hour = Date.parse('2026-03-05T03:00:00Z'); // 10:00 in Ho Chi Minh City: not off hours
    const access = (i: number, organisationId: string, citizen: string) => allowedVerify(hour + i * 1000, organisationId, citizen);
    const alertsOf = async (ruleId: string, column: string, value: string) => (await sql.query(`SELECT evidence FROM monitoring.alerts WHERE rule_id = $1 AND ${column} = $2`, [ruleId, value])).rows;
    // 1,900 accesses in one hour by an organisation without a baseline: under the 2,000 that
    // raise a volume alert, unless a pass that failed were counted twice.
    const volumeRule = MONITORING_RULES.volume.minCountWithoutBaseline;
    const first = Array.from({ length: volumeRule - 100 }, (_, i) => access(i, org, `q-${tag}-${i}`));
    const shopped = `shopped-${tag}`;
    const fanOut = Array.from({ length: MONITORING_RULES.citizenFanOut.minOrganisations }, (_, k) => access(3000 + k, `shop-${k}-${tag}`, shopped));
    const target = (await treeSize()) + first.length + fanOut.length;
    let failedOverAll = false;
    const spy = jest.spyOn(CursorRepository.prototype, 'advance').mockImplementation(async (_db, _name, next) => {
      if (next.position >= target) failedOverAll = true;
      throw new Error('crash before the cursor moves');
    });
    await send([...first, ...fanOut]);
    await waitFor(async () => failedOverAll, 60_000, 'a failing pass over every new entry');
    spy.mockRestore();
    await waitFor(async () => (await cursor()) >= target, 60_000, 'detection caught up');
    expect(await alertsOf('volume-anomaly', 'organisation_id', org)).toEqual([]);
    const [fan] = await alertsOf('citizen-fan-out', 'citizen_pseudonym', hex(shopped));
    expect(fan?.evidence.counts).toEqual({ accesses: fanOut.length, organisations: fanOut.length });

    // 150 more in the same hour: only with the 1,900 before (held or re-read) do they reach 2,000.
    const more = Array.from({ length: 150 }, (_, i) => access(3300 + i, org, `q-${tag}-more-${i}`));
    await send(more);
    await waitFor(async () => (await cursor()) >= target + more.length, 60_000, 'detection caught up again');
    const [volume] = await alertsOf('volume-anomaly', 'organisation_id', org);
    expect(volume?.evidence.counts.accesses).toBeGreaterThanOrEqual(volumeRule);
    expect(volume?.evidence.counts.accesses).toBeLessThanOrEqual(first.length + more.length);
  }, 180_000);

  it('lets another replica take over from the saved window state instead of re-reading the open hour', async () => {
    const tag = randomBytes(3).toString('hex');
    const org = `takeover-${tag}`;
    const hour = Date.parse('2026-03-06T03:00:00Z');
    const access = (i: number) => allowedVerify(hour + i * 1000, org, `t-${tag}-${i}`);
    const volumeRule = MONITORING_RULES.volume.minCountWithoutBaseline;
    const first = Array.from({ length: volumeRule - 100 }, (_, i) => access(i));
    const target = (await treeSize()) + first.length;
    await send(first);
    await waitFor(async () => (await cursor()) >= target, 60_000, 'the service replica consumed the first entries');

    // The service's replica stops taking passes; a new one (no state in memory) takes the next.
    const own = service.app.get(MisuseDetection);
    const paused = jest.spyOn(own, 'runOnce').mockResolvedValue({ from: 0, to: 0, reread: 0, restored: false, alertsRaised: 0, lag: 0 });
    try {
      const more = Array.from({ length: 150 }, (_, i) => access(3300 + i));
      await send(more);
      await waitFor(async () => (await treeSize()) >= target + more.length, 60_000, 'more sequenced');
      const replica = new MisuseDetection(dataSource(), service.app.get(MONITORING_SETTINGS), service.app.get(MONITORING_CLOCK));
      const pass = await replica.runOnce();
      expect(pass).toMatchObject({ from: target, to: target + more.length, restored: true, reread: 0 });
      const [volume] = (await sql.query(`SELECT evidence FROM monitoring.alerts WHERE rule_id = 'volume-anomaly' AND organisation_id = $1`, [org])).rows;
      expect(volume?.evidence.counts.accesses).toBe(first.length + more.length);
    } finally {
      paused.mockRestore();
    }
  }, 120_000);

  it("raises an enumeration alert on the gateway's sequential-ID marks, carried through the audit log", async () => {
    const org = `scanner-${randomBytes(3).toString('hex')}`;
    const hour = Date.parse('2026-03-07T03:00:00Z');
    const min = MONITORING_RULES.enumeration.minSequentialIds as number;
    const scan = Array.from({ length: min + 5 }, (_, i): AuditEvent => ({ ...allowedVerify(hour + i * 1000, org, `s-${org}-${i}`), sequentialId: true }));
    const target = (await treeSize()) + scan.length;
    await send(scan);
    await waitFor(async () => (await cursor()) >= target, 60_000, 'detection caught up');
    const [alert] = (await sql.query(`SELECT rule_version, evidence FROM monitoring.alerts WHERE rule_id = 'enumeration' AND organisation_id = $1`, [org])).rows;
    expect(alert?.rule_version).toBe(2);
    expect(alert?.evidence.counts).toMatchObject({ sequentialIds: min + 5, misses: 0 });
  }, 90_000);

  it('refuses alerts and cases to anyone but a regulator, and names bad fields', async () => {
    expect((await call('GET', '/v1/regulator/alerts')).status).toBe(401);
    expect((await call('GET', '/v1/regulator/alerts', citizen)).status).toBe(403);
    expect((await call('GET', '/v1/regulator/cases', operator)).status).toBe(403);
    expect((await call('POST', '/v1/regulator/cases', citizen, { title: 'x', alertIds: [] })).status).toBe(403);
    expect(fields(await call('GET', '/v1/regulator/alerts?severity=huge', regulator))).toEqual(['severity']);
    // ISO 8601 forms PostgreSQL cannot cast (a 500 before), and a time without a zone.
    for (const from of ['2026-W10-2', '2026-069', '20260310', '2026-03-10T08', '2026-02-30T00:00:00Z']) {
      const res = await call('GET', `/v1/regulator/alerts?from=${from}`, regulator);
      expect({ from, status: res.status, fields: fields(res) }).toEqual({ from, status: 400, fields: ['from'] });
    }
    expect(fields(await call('GET', '/v1/regulator/alerts?to=2026-03-10T08:00:00', regulator))).toEqual(['to']);
    expect((await call('GET', '/v1/regulator/alerts?from=2026-03-10T08:00:00%2B07:00&to=2026-03-11T08:00:00Z', regulator)).status).toBe(200);
    // A case cursor is opened_at to the microsecond and the id, each checked before SQL casts it;
    // the millisecond form issued before is not one any more.
    const forged = (key: unknown[]) => Buffer.from(JSON.stringify(key)).toString('base64url');
    const instant = '2026-01-01T00:00:00.123456Z';
    for (const cursor of [
      `1767225600000_${randomUUID()}`,
      'abc',
      'x'.repeat(500),
      forged([instant, 'not-a-uuid']),
      forged([instant, '-'.repeat(36)]),
      forged(['2026-01-01T00:00:00.123Z', randomUUID()]),
      forged(['2026-02-30T00:00:00.000000Z', randomUUID()]),
      forged([instant]),
      forged([instant, randomUUID(), 'more']),
    ]) {
      const res = await call('GET', `/v1/regulator/cases?cursor=${encodeURIComponent(cursor)}`, regulator);
      expect({ cursor, status: res.status, errors: res.body?.errors }).toEqual({ cursor, status: 400, errors: [{ field: 'cursor', message: expect.any(String) }] });
    }
    expect((await call('GET', `/v1/regulator/cases?cursor=${forged([instant, randomUUID()])}`, regulator)).status).toBe(200);
    expect(fields(await call('POST', '/v1/regulator/cases', regulator, { title: 'A case', alertIds: ['abc'] }))).toEqual(['alertIds']);
    expect(fields(await call('POST', '/v1/regulator/cases', regulator, { title: 'A case', alertIds: ['999999'] }))).toEqual(['alertIds']);
    expect(fields(await call('GET', '/v1/regulator/cases/nope', regulator))).toEqual(['id']);
    expect((await call('GET', `/v1/regulator/cases/${randomUUID()}`, regulator)).status).toBe(404);
  });

  it('runs a case from alerts to resolution, every action in the trail and in the audit log', async () => {
    const [alert] = (await call('GET', '/v1/regulator/alerts?ruleId=volume-anomaly', regulator)).body.items;
    const opened = await call('POST', '/v1/regulator/cases', regulator, { title: 'Volume spike', alertIds: [alert.alertId] });
    expect(opened.status).toBe(201);
    const id = opened.body.caseId;
    expect(opened.body).toMatchObject({ source: 'alert', state: 'open', organisationId: alert.organisationId, alerts: [{ alertId: alert.alertId }] });
    expect((await call('POST', `/v1/regulator/cases/${id}/notes`, regulator, { text: 'Asked the bank for its logs' })).status).toBe(201);
    expect((await call('POST', `/v1/regulator/cases/${id}/evidence`, regulator, { description: 'Bank reply', entryIndexes: alert.evidence.entryIndexes.slice(0, 3), reference: 'DOC-17' })).status).toBe(201);
    expect(fields(await call('POST', `/v1/regulator/cases/${id}/resolve`, regulator, { outcome: 'forgiven' }))).toEqual(['outcome']);
    expect((await call('POST', `/v1/regulator/cases/${id}/investigate`, regulator, {})).body.state).toBe('investigating');
    expect((await call('POST', `/v1/regulator/cases/${id}/investigate`, regulator, {})).status).toBe(409);
    const resolved = await call('POST', `/v1/regulator/cases/${id}/resolve`, regulator, { outcome: 'warning', note: 'First offence' });
    expect(resolved.body).toMatchObject({ state: 'resolved', outcome: 'warning' });
    expect(resolved.body.actions.map((a: any) => a.action)).toEqual(['open', 'note', 'attach-evidence', 'investigate', 'resolve']);
    expect((await call('POST', `/v1/regulator/cases/${id}/notes`, regulator, { text: 'late' })).status).toBe(409);
    const listed = await call('GET', '/v1/regulator/cases?state=resolved', regulator);
    expect(listed.body.items.map((c: any) => c.caseId)).toContain(id);

    await waitFor(async () => Number((await sql.query(`SELECT count(*) FROM audit.entries WHERE organisation_id = 'regulator'`)).rows[0].count) >= 5, 30_000, 'case actions audited');
    const logged = await call('GET', `/v1/regulator/entries?organisationId=regulator&operation=decision&limit=50`, regulator);
    const mine = logged.body.items.filter((e: any) => e.requestId === `case-${id}`);
    expect(mine.map((e: any) => e.reasonCode).sort()).toEqual(['CASE_ATTACH_EVIDENCE', 'CASE_INVESTIGATE', 'CASE_NOTE', 'CASE_OPEN', 'CASE_RESOLVE']);
    // Each entry names the regulator account that acted, as the case's trail does.
    expect(resolved.body.actions.map((a: any) => a.actor)).toEqual(Array(5).fill(regulatorAccount));
    expect(mine.map((e: any) => [e.actor, e.requestedBy])).toEqual(Array(5).fill([{ role: 'regulator', subject: regulatorAccount }, 'regulator']));
    const columns = await sql.query(`SELECT DISTINCT actor_role, actor_subject FROM audit.entries WHERE convert_from(leaf, 'UTF8')::jsonb ->> 'requestId' = $1`, [`case-${id}`]);
    expect(columns.rows).toEqual([{ actor_role: 'regulator', actor_subject: regulatorAccount }]);
    // The public log says a regulator acted; the account is in the leaf, public like every leaf.
    const shown = await call('GET', `/v1/log/entries/${mine[0].index}`);
    expect(shown.body).toMatchObject({ organisationId: 'regulator', requestedBy: 'regulator' });
    expect(JSON.parse(Buffer.from(shown.body.leaf, 'base64').toString('utf8')).actor).toEqual({ role: 'regulator', subject: regulatorAccount });
  }, 60_000);

  it("names in the audit log whichever regulator took a case action, and takes none from an account the log cannot name", async () => {
    const other = randomUUID();
    const c = (await call('POST', '/v1/regulator/cases', regulator, { title: 'Two regulators', alertIds: [] })).body;
    const noted = await call('POST', `/v1/regulator/cases/${c.caseId}/notes`, tokens.issue({ accountId: other.toUpperCase(), role: 'regulator' }).token, { text: 'Second opinion' });
    expect(noted.status).toBe(201);
    const [open, note] = noted.body.actions;
    expect([open.actor, note.actor]).toEqual([regulatorAccount, other]);
    const actorOf = async (eventId: string) =>
      (await waitFor(async () => (await sql.query(`SELECT actor_role, actor_subject FROM audit.entries WHERE event_id = $1`, [eventId])).rows[0], 30_000, 'the note in the log'));
    expect(await actorOf(note.detail.auditEventId)).toEqual({ actor_role: 'regulator', actor_subject: other });

    const before = Number((await sql.query(`SELECT count(*) FROM monitoring.case_actions WHERE case_id = $1`, [c.caseId])).rows[0].count);
    const unnamed = tokens.issue({ accountId: 'regulator-desk-1', role: 'regulator' }).token;
    for (const res of [await call('POST', `/v1/regulator/cases/${c.caseId}/notes`, unnamed, { text: 'x' }), await call('POST', '/v1/regulator/cases', unnamed, { title: 'Unnamed', alertIds: [] })]) {
      expect([res.status, res.body.type]).toEqual([403, expect.stringContaining('actor-not-recordable')]);
    }
    expect(Number((await sql.query(`SELECT count(*) FROM monitoring.case_actions WHERE case_id = $1`, [c.caseId])).rows[0].count)).toBe(before);
    expect((await sql.query(`SELECT 1 FROM monitoring.cases WHERE title = 'Unnamed'`)).rows).toEqual([]);
  }, 60_000);

  it('pages the case list by opened_at to the microsecond: ties and rows a millisecond apart all come back once', async () => {
    const organisationId = `paging-${randomUUID()}`;
    // Written by SQL, as a migration or restore would: microseconds a JavaScript Date cannot hold.
    // Newest first, two a page: 0 and 1 end the first page, and a cursor cut to the millisecond
    // would skip 2 (same millisecond); 3 and 4 share opened_at exactly, a tie only the id breaks,
    // across the second page's edge.
    const at = ['2026-05-01T00:00:00.900500Z', '2026-05-01T00:00:00.900300Z', '2026-05-01T00:00:00.900100Z', '2026-05-01T00:00:00.500250Z', '2026-05-01T00:00:00.500250Z', '2026-05-01T00:00:00.100000Z'];
    const inserted = await sql.query(
      `INSERT INTO monitoring.cases (source, organisation_id, title, opened_by, opened_at, updated_at)
       SELECT 'regulator', $1, 'paging ' || n, 'seed', t, t FROM unnest($2::timestamptz[]) WITH ORDINALITY AS u(t, n) RETURNING id, title`,
      [organisationId, at],
    );
    const ids = at.map((_, i) => inserted.rows.find((r) => r.title === `paging ${i + 1}`)!.id as string);
    const [stored] = (await sql.query(`SELECT count(DISTINCT opened_at)::int AS exact, count(DISTINCT date_trunc('milliseconds', opened_at))::int AS ms FROM monitoring.cases WHERE organisation_id = $1`, [organisationId])).rows;
    expect(stored).toEqual({ exact: 5, ms: 3 });
    const tie = [ids[3]!, ids[4]!].sort().reverse();
    const seen: string[][] = [];
    let cursor: string | null = null;
    do {
      const res = await call('GET', `/v1/regulator/cases?organisationId=${organisationId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`, regulator);
      expect(res.status).toBe(200);
      seen.push(res.body.items.map((c: any) => c.caseId));
      cursor = res.body.nextCursor;
    } while (cursor !== null && seen.length < 10);
    expect(seen).toEqual([[ids[0], ids[1]], [ids[2], tie[0]], [tie[1], ids[5]]]);
  }, 60_000);

  it('suspends an organisation or a key from a case, effective at the next decision, and lifts it', async () => {
    const [org] = (await sql.query(`INSERT INTO identity.organisations (name, kind) VALUES ('Fishing Bank', 'enterprise') RETURNING id`)).rows;
    const key = generateApiKey();
    const [apiKey] = (await sql.query(`INSERT INTO identity.api_keys (organisation_id, prefix, key_hash, scopes, label) VALUES ($1, $2, $3, $4, 'test') RETURNING id`, [org.id, key.prefix, key.hash, ['verify']])).rows;
    const reader = new PolicyReader();
    const inForce = (apiKeyId: string | null = null) => reader.forRequest(dataSource(), org.id, apiKeyId, 'account-opening', new Date()).then((p) => p.suspension);

    const c = (await call('POST', '/v1/regulator/cases', regulator, { title: 'Suspicious bank', alertIds: [], organisationId: org.id })).body;
    expect(c.source).toBe('regulator');
    expect(await inForce()).toBeNull();
    expect(fields(await call('POST', `/v1/regulator/cases/${c.caseId}/suspensions`, regulator, { target: 'api-key', reason: 'Key used for scraping' }))).toEqual(['apiKeyId']);
    expect(fields(await call('POST', `/v1/regulator/cases/${c.caseId}/suspensions`, regulator, { target: 'api-key', apiKeyId: randomUUID(), reason: 'Key used for scraping' }))).toEqual(['apiKeyId']);

    const byKey = await call('POST', `/v1/regulator/cases/${c.caseId}/suspensions`, regulator, { target: 'api-key', apiKeyId: apiKey.id, reason: 'Key used for scraping' });
    expect(byKey.status).toBe(201);
    expect(await inForce(apiKey.id)).not.toBeNull();
    expect(await inForce()).toBeNull();

    const whole = await call('POST', `/v1/regulator/cases/${c.caseId}/suspensions`, regulator, { target: 'organisation', reason: 'Enumeration' });
    const suspensionId = whole.body.actions.find((a: any) => a.action === 'suspend-organisation').detail.suspensionId;
    expect((await inForce())?.suspensionId).toBe(suspensionId);
    // The policy engine's own list shows it as the regulator's.
    const listed = await fetch(`${policy.url}/v1/suspensions?active=true&organisationId=${org.id}`, { headers: { authorization: `Bearer ${regulator}` } }).then((r) => r.json() as Promise<any>);
    expect(listed.items.map((s: any) => s.id)).toContain(suspensionId);

    const lifted = await call('POST', `/v1/regulator/cases/${c.caseId}/suspensions/${suspensionId}/lift`, regulator, { reason: 'Bank fixed its client' });
    expect(lifted.status).toBe(200);
    expect(await inForce()).toBeNull();
    expect((await call('POST', `/v1/regulator/cases/${c.caseId}/suspensions/${suspensionId}/lift`, regulator, {})).status).toBe(409);
    expect((await call('POST', `/v1/regulator/cases/${c.caseId}/suspensions/${randomUUID()}/lift`, regulator, {})).status).toBe(404);

    const recheck = await call('POST', `/v1/regulator/cases/${c.caseId}/consent-recheck`, regulator, { reason: 'Show re-confirmed consents for account-opening' });
    expect(recheck.status).toBe(201);
    const recheckAction = recheck.body.actions.find((a: any) => a.action === 'require-consent-recheck');
    expect(recheckAction).toMatchObject({ action: 'require-consent-recheck', detail: { target: 'organisation' } });
    expect((await inForce())?.suspensionId).toBe(recheckAction.detail.suspensionId);

    const noOrg = (await call('POST', '/v1/regulator/cases', regulator, { title: 'No organisation', alertIds: [] })).body;
    expect((await call('POST', `/v1/regulator/cases/${noOrg.caseId}/suspensions`, regulator, { target: 'organisation', reason: 'x-x-x' })).status).toBe(422);
  }, 60_000);

  it("opens one case per citizen's dispute, however often the monitor runs", async () => {
    const [row] = (await sql.query(`SELECT idx FROM audit.entries WHERE citizen_pseudonym IS NOT NULL ORDER BY idx LIMIT 1`)).rows;
    const [{ citizen_pseudonym: psn }] = (await sql.query(`SELECT citizen_pseudonym FROM audit.entries WHERE idx = $1`, [row.idx])).rows;
    const token = tokens.issue({ accountId: randomUUID(), role: 'citizen', citizenPseudonym: psn, eidLevel: 2 }).token;
    const disputed = await call('POST', `/v1/citizen/accesses/${row.idx}/disputes`, token, { reason: 'I never dealt with this company' });
    expect(disputed.status).toBe(201);
    const disputeId = disputed.body.disputeId;
    await waitFor(async () => (await call('GET', '/v1/regulator/cases?source=dispute', regulator)).body.items.some((c: any) => c.disputeId === disputeId), 30_000, 'dispute case');
    await processor().run();
    await processor().run();
    const cases = (await call('GET', '/v1/regulator/cases?source=dispute', regulator)).body.items.filter((c: any) => c.disputeId === disputeId);
    expect(cases).toHaveLength(1);
    const detail = (await call('GET', `/v1/regulator/cases/${cases[0].caseId}`, regulator)).body;
    expect(detail.actions[0]).toMatchObject({ action: 'open', actor: 'monitor', detail: { entryIndex: Number(row.idx), disputeId } });
    // The monitor opened it, not a member of staff: its audit entry names no actor, as before actors existed.
    const logged = await waitFor(
      async () => (await sql.query(`SELECT actor_role, actor_subject, leaf FROM audit.entries WHERE event_id = $1`, [detail.actions[0].detail.auditEventId])).rows[0],
      30_000,
      "the dispute case's opening in the log",
    );
    expect([logged.actor_role, logged.actor_subject]).toEqual([null, null]);
    expect(JSON.parse(Buffer.from(logged.leaf).toString('utf8'))).not.toHaveProperty('actor');
  }, 60_000);

  it("opens a citizen's dispute of a staff decision as such, not against the organisation it named", async () => {
    const citizen = `staff-decision-${randomUUID()}`;
    const regulatorId = randomUUID();
    const organisationId = randomUUID();
    const decision: AuditEvent = { ...allowedVerify(Date.now(), organisationId, citizen), operation: 'decision', actor: { role: 'regulator', subject: regulatorId } };
    await send([decision]);
    const row = await waitFor(async () => (await sql.query(`SELECT idx FROM audit.entries WHERE event_id = $1`, [decision.eventId])).rows[0], 30_000, 'the staff decision in the log');
    const token = tokens.issue({ accountId: randomUUID(), role: 'citizen', citizenPseudonym: hex(citizen), eidLevel: 2 }).token;
    const disputed = await call('POST', `/v1/citizen/accesses/${row.idx}/disputes`, token, { reason: 'Who looked at my consent?' });
    expect(disputed.status).toBe(201);
    const found = await waitFor(
      async () => (await call('GET', '/v1/regulator/cases?source=dispute', regulator)).body.items.find((c: any) => c.disputeId === disputed.body.disputeId),
      30_000,
      'the dispute case',
    );
    expect(found).toHaveProperty('organisationId', null);
    const detail = (await call('GET', `/v1/regulator/cases/${found.caseId}`, regulator)).body;
    expect(detail.title).toContain('staff decision');
    expect(detail.actions[0].detail).toMatchObject({ entryIndex: Number(row.idx), staffActor: { role: 'regulator', subject: regulatorId } });
  }, 60_000);

  it('keeps opening cases after a burst of more disputes than one page within the look-back', async () => {
    const [row] = (await sql.query(`SELECT idx FROM audit.entries WHERE citizen_pseudonym IS NOT NULL ORDER BY idx DESC LIMIT 1`)).rows;
    const dispute = (n: number) =>
      sql.query(
        `INSERT INTO audit.disputes (entry_index, citizen_pseudonym, account_id, reason)
         SELECT $1, md5('burst-' || $2 || '-' || i), 'burst', 'burst' FROM generate_series(1, $3::int) i RETURNING id`,
        [row.idx, randomUUID(), n],
      );
    const cases = () => service.app.get(DisputeCases);
    const hasCase = async (id: string) => (await sql.query(`SELECT 1 FROM monitoring.cases WHERE dispute_id = $1`, [id])).rows.length === 1;
    // A page (500) of disputes inside the five-minute look-back, all given cases...
    const burst = (await dispute(500)).rows.map((r) => r.id as string);
    await cases().openPending();
    expect(await hasCase(burst[0])).toBe(true);
    expect(await hasCase(burst[499])).toBe(true);
    // ...then one more: read after that page, not stuck behind it.
    const [{ id: next }] = (await dispute(1)).rows;
    await cases().openPending();
    expect(await hasCase(next)).toBe(true);
  }, 120_000);
});
