import { Client } from 'pg';
import { migrateSchema } from '@consentry/shared-database';
import { startTestDatabase, type TestDatabase } from '@consentry/shared-testing';
import { MONITORING_RULES_V1, detectMisuse, generateTraffic } from '@consentry/monitoring-domain';
import { MONITORING_MIGRATIONS } from './monitoring-init.migration';
import { MONITORING_SCHEMA } from './monitoring-schema.constant';
import { AlertRepository } from './alert.repository';
import { CaseRepository, CaseTransitionError } from './case.repository';
import { BreachRepository } from './breach.repository';
import { DataSubjectRequestRepository } from './data-subject-request.repository';
import type { Queryable } from './queryable.types';

const VN = { utcOffsetMinutes: 420, weekendDays: [0, 6], holidays: ['2026-04-30', '2026-05-01'] };

describe('monitoring data access (PostgreSQL / PGlite)', () => {
  let db: TestDatabase;
  let client: Client;
  let q: Queryable;
  const alerts = new AlertRepository();
  const cases = new CaseRepository();

  beforeAll(async () => {
    db = await startTestDatabase();
    expect(await migrateSchema(db.url, { schema: MONITORING_SCHEMA, migrations: MONITORING_MIGRATIONS })).toEqual(MONITORING_MIGRATIONS.map((m) => new m().name));
    expect(await migrateSchema(db.url, { schema: MONITORING_SCHEMA, migrations: MONITORING_MIGRATIONS })).toEqual([]);
    client = new Client({ connectionString: db.url });
    await client.connect();
    q = { query: (sql, params) => client.query(sql, params as unknown[]).then((r) => r.rows) };
  });
  afterAll(async () => {
    await client?.end();
    await db?.stop();
  });

  it('stores alerts once per key, with their evidence, and refuses to change them', async () => {
    const traffic = generateTraffic(MONITORING_RULES_V1, { organisations: 20, days: 2 });
    const found = detectMisuse(traffic.entries, MONITORING_RULES_V1, traffic.baseline);
    expect(found.length).toBeGreaterThan(0);
    const ids = await alerts.record(q, found, '2026-03-03T12:00:00Z');
    expect(ids).toHaveLength(found.length);
    expect(await alerts.record(q, found, '2026-03-03T12:05:00Z')).toEqual([]);
    const [stored] = await alerts.list(q, { organisationId: found[0]?.organisationId ?? undefined, limit: 1 });
    expect(stored?.entryIndexes.length).toBeGreaterThan(0);
    await expect(q.query(`UPDATE monitoring.alerts SET severity = 'low'`)).rejects.toThrow(/append-only/);
    await expect(q.query(`DELETE FROM monitoring.alerts`)).rejects.toThrow(/append-only/);
  });

  it('runs a case open -> investigating -> resolved, recording every action, never backwards', async () => {
    const [alertId] = await alerts.record(q, [{ alertKey: 'manual:1', ruleId: 'denials', ruleVersion: 1, ruleSetVersion: 'x', severity: 'high', organisationId: 'org-9', citizenPseudonym: null, purpose: null, windowStart: '2026-03-02T03:00:00Z', windowEnd: '2026-03-02T03:15:00Z', counts: { denials: 30 }, thresholds: {}, baseline: null, entryIndexes: [1, 2], summary: 's' }], '2026-03-02T04:00:00Z');
    const id = await cases.open(q, { source: 'alert', organisationId: 'org-9', title: 'denials', actor: 'regulator-1', at: '2026-03-02T05:00:00Z', alertIds: [alertId as string] });
    await cases.record(q, id, 'note', 'regulator-1', { text: 'asked the bank for its consent records' }, '2026-03-02T06:00:00Z');
    await cases.transition(q, id, 'investigating', 'regulator-1', '2026-03-02T07:00:00Z');
    await cases.record(q, id, 'suspend-organisation', 'regulator-1', { organisationId: 'org-9' }, '2026-03-02T07:30:00Z');
    await cases.transition(q, id, 'resolved', 'regulator-2', '2026-03-03T07:00:00Z', 'warning', 'consent flow fixed');
    await expect(cases.transition(q, id, 'investigating', 'regulator-1', '2026-03-04T07:00:00Z')).rejects.toBeInstanceOf(CaseTransitionError);
    await expect(q.query(`UPDATE monitoring.cases SET state = 'open', outcome = NULL WHERE id = $1`, [id])).rejects.toThrow(/cannot move/);
    const c = await cases.get(q, id);
    expect(c).toMatchObject({ state: 'resolved', outcome: 'warning', alertIds: [alertId] });
    expect(c?.actions.map((a) => a.action)).toEqual(['open', 'note', 'investigate', 'suspend-organisation', 'resolve']);
    await expect(q.query(`DELETE FROM monitoring.case_actions`)).rejects.toThrow(/append-only/);
  });

  it('pages cases by opened_at to the microsecond, then id: each once, whatever SQL wrote', async () => {
    const organisationId = 'org-paging';
    // Newest first: 0-2 in one millisecond (a cursor cut to it would skip 2 after a page of 0 and
    // 1), 3 and 4 at the same instant (only the id orders them), 5 on a whole millisecond.
    const at = ['2026-05-01T00:00:00.900500Z', '2026-05-01T00:00:00.900300Z', '2026-05-01T00:00:00.900100Z', '2026-05-01T00:00:00.500250Z', '2026-05-01T00:00:00.500250Z', '2026-05-01T00:00:00.100000Z'];
    const inserted = await q.query(
      `INSERT INTO monitoring.cases (source, organisation_id, title, opened_by, opened_at, updated_at)
       SELECT 'regulator', $1, 'paging ' || n, 'seed', t, t FROM unnest($2::timestamptz[]) WITH ORDINALITY AS u(t, n) RETURNING id, title`,
      [organisationId, at],
    );
    const ids = at.map((_, i) => inserted.find((r: { title: string }) => r.title === `paging ${i + 1}`).id as string);
    const tie = [ids[3]!, ids[4]!].sort().reverse();
    for (const limit of [1, 2, 4]) {
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let n = 0; n < 10; n += 1) {
        const page = await cases.list(q, { organisationId, cursor, limit });
        seen.push(...page.items.map((c) => c.id));
        if (page.nextCursor === null) break;
        cursor = page.nextCursor;
      }
      expect({ limit, seen }).toEqual({ limit, seen: [ids[0], ids[1], ids[2], ...tie, ids[5]] });
    }
    await expect(cases.list(q, { organisationId, cursor: 'not-a-cursor', limit: 2 })).rejects.toThrow(/not a cursor/);
  });

  it('tracks the 72-hour breach deadline for reminders and escalation', async () => {
    const breaches = new BreachRepository();
    const b = await breaches.report(q, { reportedBy: 'org-9', organisationId: 'org-9', description: 'laptop lost', affectedCitizens: 120, discoveredAt: '2026-03-06T09:00:00Z' }, '2026-03-06T10:00:00Z');
    expect(b.notifyBy).toBe('2026-03-09T09:00:00.000Z');
    expect(await breaches.dueBefore(q, '2026-03-08T09:00:00Z')).toEqual([]);
    expect((await breaches.dueBefore(q, '2026-03-08T09:00:00Z', 24)).map((x) => x.id)).toEqual([b.id]);
    expect(await breaches.markAuthorityNotified(q, b.id, '2026-03-08T12:00:00Z')).toBe(true);
    expect(await breaches.markAuthorityNotified(q, b.id, '2026-03-08T13:00:00Z')).toBe(false);
    expect(await breaches.dueBefore(q, '2026-03-10T00:00:00Z')).toEqual([]);
  });

  it('files data-subject requests with working-day deadlines and lists the overdue ones', async () => {
    const requests = new DataSubjectRequestRepository();
    const r = await requests.file(q, { citizenPseudonym: 'p1', kind: 'erasure', details: null }, '2026-04-29T03:00:00Z', VN);
    expect(r).toMatchObject({ acknowledgeBy: '2026-05-05T17:00:00.000Z', acknowledgedAt: null });
    expect((await requests.overdue(q, '2026-05-06T00:00:00Z')).map((x) => x.id)).toEqual([r.id]);
    expect(await requests.acknowledge(q, r.id, '2026-05-06T01:00:00Z')).toBe(true);
    expect(await requests.overdue(q, '2026-05-06T02:00:00Z')).toEqual([]);
    expect(await requests.answer(q, r.id, 'granted', '2026-05-07T01:00:00Z')).toBe(true);
    expect(await requests.overdue(q, '2027-01-01T00:00:00Z')).toEqual([]);
  });
});
