import { BreachDeadlineSweeper } from './breach-deadline.sweeper';
import { BreachesModule } from './breaches.module';
import { Harness, startHarness } from '../data-protection.e2e-harness';

const HOUR = 3_600_000;

describe(`breach register on ${process.env['DATABASE_URL'] ? 'PostgreSQL' : 'PGlite'}`, () => {
  let h: Harness;
  let orgA: { key: string; organisationId: string };
  let orgB: { key: string; organisationId: string };
  let breachId: string;
  let operatorBreachId: string;
  let notifyBy: string;
  const report = {
    description: 'A laptop holding an export of verification results was stolen',
    dataCategories: ['basic-identity', 'health'],
    affectedCitizens: 1200,
    discoveredAt: '2026-03-09T12:00:00Z',
    measures: 'Remote wipe requested; keys rotated',
  };
  const sweep = () => h.service.app.get(BreachDeadlineSweeper, { strict: false }).sweep();
  const at = (ms: number) => (h.clock.at = new Date(ms));
  // The harness's call() keeps only the content type; the downloads' Content-Disposition matters too.
  const download = async (path: string, token: string) => {
    const res = await fetch(h.service.url + path, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, type: res.headers.get('content-type') ?? '', disposition: res.headers.get('content-disposition'), raw: Buffer.from(await res.arrayBuffer()) };
  };

  beforeAll(async () => {
    h = await startHarness((o) => [BreachesModule.register({ ...o, env: { BREACH_SWEEP_MS: '3600000' } })], '2026-03-10T00:00:00Z');
    orgA = await h.organisationKey('Bank A');
    orgB = await h.organisationKey('Bank B');
  });
  afterAll(() => h?.stop());

  it('lets an organisation report a breach with its 72-hour deadline', async () => {
    const res = await h.call('POST', '/v1/organisations/me/breaches', orgA.key, report);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ organisationId: orgA.organisationId, reportedByKind: 'organisation', notifyBy: '2026-03-12T12:00:00.000Z', status: 'open', sensitiveData: true, deadlineEvents: [] });
    breachId = res.body.id;
    notifyBy = res.body.notifyBy;
  });

  it('refuses bad input with problem+json naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...report, dataCategories: ['health', 'gossip'] }, 'dataCategories'],
      [{ ...report, discoveredAt: '2026-03-11T00:00:00Z' }, 'discoveredAt'],
      [{ ...report, discoveredAt: 'yesterday' }, 'discoveredAt'],
      // ISO 8601 forms Date.parse cannot read (they were a 500), and a date PostgreSQL refuses.
      [{ ...report, discoveredAt: '2026-W10-2' }, 'discoveredAt'],
      [{ ...report, discoveredAt: '2026-069' }, 'discoveredAt'],
      [{ ...report, discoveredAt: '20260310' }, 'discoveredAt'],
      [{ ...report, discoveredAt: '2026-03-10T08' }, 'discoveredAt'],
      [{ ...report, discoveredAt: '2026-02-30T00:00:00Z' }, 'discoveredAt'],
      // No zone: read in the server's zone, the 72 hours would move with it (was a 201).
      [{ ...report, discoveredAt: '2026-03-09T08:00:00' }, 'discoveredAt'],
      [{ ...report, affectedCitizens: -1 }, 'affectedCitizens'],
      [{ ...report, description: undefined }, 'description'],
      [{ ...report, extra: 1 }, 'extra'],
    ];
    for (const [body, field] of cases) {
      const res = await h.call('POST', '/v1/organisations/me/breaches', orgA.key, body);
      // The value rides along so that a failure names the case.
      expect({ value: body['discoveredAt'], status: res.status, type: res.type }).toEqual({ value: body['discoveredAt'], status: 400, type: expect.stringContaining('application/problem+json') });
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    for (const cursor of ['abc', '!!', 'x'.repeat(2000)]) {
      const res = await h.call('GET', `/v1/organisations/me/breaches?cursor=${cursor}`, orgA.key);
      expect([res.status, res.body.errors?.[0]?.field]).toEqual([400, 'cursor']);
    }
    const badId = await h.call('GET', '/v1/regulator/breaches/not-a-uuid', h.regulator);
    expect(badId.status).toBe(400);
    expect(badId.body.errors[0].field).toBe('id');
  });

  it('shows an organisation only its own breaches', async () => {
    expect((await h.call('GET', `/v1/organisations/me/breaches/${breachId}`, orgB.key)).status).toBe(404);
    expect((await h.call('GET', `/v1/organisations/me/breaches/${breachId}/report.csv`, orgB.key)).status).toBe(404);
    expect((await h.call('GET', '/v1/organisations/me/breaches', orgB.key)).body.items).toEqual([]);
    const own = await h.call('GET', '/v1/organisations/me/breaches', orgA.key);
    expect(own.body.items.map((b: { id: string }) => b.id)).toEqual([breachId]);
    expect((await h.call('GET', `/v1/organisations/me/breaches/${breachId}`, orgA.key)).status).toBe(200);
  });

  it('keeps each role to its endpoints', async () => {
    const citizen = h.citizen('c1'.repeat(32));
    expect((await h.call('GET', '/v1/regulator/breaches', citizen)).status).toBe(403);
    expect((await h.call('GET', '/v1/regulator/breaches', h.operator)).status).toBe(403);
    expect((await h.call('POST', `/v1/regulator/breaches/${breachId}/authority-notified`, h.operator, {})).status).toBe(403);
    expect((await h.call('POST', '/v1/operator/breaches', citizen, report)).status).toBe(403);
    expect((await h.call('POST', '/v1/operator/breaches', h.regulator, report)).status).toBe(403);
    expect((await h.call('GET', '/v1/regulator/breaches', orgA.key)).status).toBe(401);
    // A key without the breaches scope (a front-office verify key) neither files nor reads them.
    const verifyOnly = await h.organisationKey('Bank A front office', ['verify']);
    for (const [method, path] of [['POST', '/v1/organisations/me/breaches'], ['GET', '/v1/organisations/me/breaches']]) {
      const res = await h.call(method, path, verifyOnly.key, method === 'POST' ? report : undefined);
      expect([res.status, res.body.type]).toEqual([403, expect.stringContaining('missing-scope')]);
    }
    expect((await h.call('GET', '/v1/organisations/me/breaches', h.regulator)).status).toBe(401);
    expect((await h.call('GET', '/v1/regulator/breaches')).status).toBe(401);
  });

  it('sends each reminder once and escalates once when overdue', async () => {
    const deadline = Date.parse(notifyBy);
    at(deadline - 30 * HOUR);
    expect(await sweep()).toEqual({ reminders: 0, escalations: 0 });
    at(deadline - 23 * HOUR);
    expect(await sweep()).toEqual({ reminders: 1, escalations: 0 });
    expect(await sweep()).toEqual({ reminders: 0, escalations: 0 });
    at(deadline - 5 * HOUR);
    expect(await sweep()).toEqual({ reminders: 1, escalations: 0 });
    at(deadline - 4 * HOUR);
    expect(await sweep()).toEqual({ reminders: 0, escalations: 0 });
    const dueSoon = await h.call('GET', '/v1/regulator/breaches?status=due-soon', h.regulator);
    expect(dueSoon.body.items.map((b: { id: string; status: string }) => [b.id, b.status])).toEqual([[breachId, 'due-soon']]);
    expect((await h.call('GET', '/v1/regulator/breaches?status=overdue', h.regulator)).body.items).toEqual([]);

    at(deadline + HOUR);
    expect(await sweep()).toEqual({ reminders: 0, escalations: 1 });
    expect(await sweep()).toEqual({ reminders: 0, escalations: 0 });
    const own = await h.call('GET', `/v1/organisations/me/breaches/${breachId}`, orgA.key);
    expect(own.body.status).toBe('overdue');
    expect(own.body.deadlineEvents.map((e: { kind: string }) => e.kind)).toEqual(['reminder-24h', 'reminder-6h', 'escalated']);
    const dashboard = await h.call('GET', '/v1/regulator/breaches/dashboard', h.regulator);
    expect(dashboard.status).toBe(200);
    expect(dashboard.body.counts).toEqual({ unnotified: 1, dueSoon: 0, overdue: 1, escalated: 1 });
    expect(dashboard.body.overdue.map((b: { id: string }) => b.id)).toEqual([breachId]);
  });

  it('lets the regulator record the authority notification once, which stops the reminders', async () => {
    const first = await h.call('POST', `/v1/regulator/breaches/${breachId}/authority-notified`, h.regulator, { reference: 'A05-2026-0042' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'notified', authorityReference: 'A05-2026-0042', authorityNotifiedAt: h.clock.now().toISOString() });
    expect((await h.call('POST', `/v1/regulator/breaches/${breachId}/authority-notified`, h.regulator, {})).status).toBe(409);
    expect((await h.call('POST', `/v1/regulator/breaches/${breachId}/authority-notified`, h.regulator, { reference: '' })).body.errors[0].field).toBe('reference');
    expect((await h.call('POST', '/v1/regulator/breaches/5b0c3c0e-0000-4000-8000-000000000000/authority-notified', h.regulator, {})).status).toBe(404);
    at(h.clock.now().getTime() + 10 * HOUR);
    expect(await sweep()).toEqual({ reminders: 0, escalations: 0 });
    expect((await h.call('GET', '/v1/regulator/breaches/dashboard', h.regulator)).body.counts.overdue).toBe(0);
  });

  it('exports the report as JSON, CSV and PDF', async () => {
    const json = await h.call('GET', `/v1/regulator/breaches/${breachId}/report.json`, h.regulator);
    expect(json.body).toMatchObject({ id: breachId, affectedCitizens: 1200, dataCategories: ['basic-identity', 'health'] });
    const csv = await h.call('GET', `/v1/organisations/me/breaches/${breachId}/report.csv`, orgA.key);
    expect(csv.status).toBe(200);
    expect(csv.type).toContain('text/csv');
    expect(csv.body).toContain('field,value');
    expect(csv.body).toContain('Categories of personal data,"basic-identity, health"');
    expect(csv.body).toContain('Authority reference,A05-2026-0042');
    const pdf = await h.call('GET', `/v1/regulator/breaches/${breachId}/report.pdf`, h.regulator);
    expect(pdf.status).toBe(200);
    expect(pdf.type).toContain('application/pdf');
    expect(pdf.raw.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it("keeps the operator's platform breaches apart from organisations'", async () => {
    const res = await h.call('POST', '/v1/operator/breaches', h.operator, { ...report, discoveredAt: h.clock.now().toISOString() });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ organisationId: null, reportedByKind: 'operator' });
    operatorBreachId = res.body.id;
    expect((await h.call('GET', `/v1/organisations/me/breaches/${res.body.id}`, orgA.key)).status).toBe(404);
    expect((await h.call('GET', `/v1/operator/breaches/${breachId}`, h.operator)).status).toBe(404);
    expect((await h.call('GET', '/v1/operator/breaches', h.operator)).body.items.map((b: { id: string }) => b.id)).toEqual([res.body.id]);
    expect((await h.call('GET', '/v1/regulator/breaches', h.regulator)).body.items).toHaveLength(2);
  });

  it("serves each viewer's CSV and PDF downloads, and only of breaches that viewer may see", async () => {
    const formats = [
      { file: 'report.csv', type: 'text/csv; charset=utf-8', disposition: 'attachment; filename="breach-report.csv"', starts: 'field,value\r\nBreach id,' },
      { file: 'report.pdf', type: 'application/pdf', disposition: 'attachment; filename="breach-report.pdf"', starts: '%PDF-' },
    ];
    const visible: [string, string, string][] = [
      ['/v1/organisations/me/breaches', orgA.key, breachId],
      ['/v1/operator/breaches', h.operator, operatorBreachId],
      ['/v1/regulator/breaches', h.regulator, breachId],
      ['/v1/regulator/breaches', h.regulator, operatorBreachId],
    ];
    const hidden: [string, string, string][] = [
      ['/v1/organisations/me/breaches', orgB.key, breachId],
      ['/v1/organisations/me/breaches', orgA.key, operatorBreachId],
      ['/v1/operator/breaches', h.operator, breachId],
    ];
    // The path rides along in each compared object so that a failure names the route.
    for (const f of formats) {
      for (const [base, token, id] of visible) {
        const res = await download(`${base}/${id}/${f.file}`, token);
        expect({ path: `${base} ${f.file}`, status: res.status, type: res.type, disposition: res.disposition }).toEqual({ path: `${base} ${f.file}`, status: 200, type: f.type, disposition: f.disposition });
        expect(res.raw.subarray(0, f.starts.length).toString()).toBe(f.starts);
        if (f.file === 'report.csv') expect(res.raw.toString()).toContain(`Breach id,${id}\r\n`);
      }
      for (const [base, token, id] of hidden) {
        const res = await download(`${base}/${id}/${f.file}`, token);
        expect({ path: `${base} ${f.file}`, status: res.status, type: res.type }).toEqual({ path: `${base} ${f.file}`, status: 404, type: expect.stringContaining('application/problem+json') });
        expect(res.raw.toString()).not.toContain('Breach id');
      }
      expect((await download(`/v1/operator/breaches/${operatorBreachId}/${f.file}`, h.regulator)).status).toBe(403);
      expect((await download(`/v1/regulator/breaches/${breachId}/${f.file}`, h.operator)).status).toBe(403);
      expect((await download(`/v1/organisations/me/breaches/${breachId}/${f.file}`, h.regulator)).status).toBe(401);
    }
  });

  describe('pages', () => {
    type Listed = { id: string; notifyBy: string; reportedAt: string; authorityNotifiedAt: string | null };
    // Every page of a list, following nextCursor from the first page to the null at the end.
    const pages = (path: string, token: string) => h.pages<Listed>(path, token);
    // The documented order: unnotified first, nearest deadline first, newest report first, id descending.
    const inListOrder = (a: Listed, b: Listed) =>
      Number(a.authorityNotifiedAt !== null) - Number(b.authorityNotifiedAt !== null) ||
      Date.parse(a.notifyBy) - Date.parse(b.notifyBy) ||
      Date.parse(b.reportedAt) - Date.parse(a.reportedAt) ||
      (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
    let orgC: { key: string; organisationId: string };
    const created: string[] = [];

    beforeAll(async () => {
      orgC = await h.organisationKey('Bank C');
      const now = h.clock.now().getTime();
      // 0 and 1: the same deadline reported at the same instant, a tie only the id breaks (it
      // straddles the first page's edge); 2: that deadline, reported later; 3: the earliest
      // deadline, but notified, so last; 4 and 5: a later deadline, reported 0.3 ms apart (below).
      const plan = [
        { discoveredAt: now - 5 * HOUR, reportedAt: now },
        { discoveredAt: now - 5 * HOUR, reportedAt: now },
        { discoveredAt: now - 5 * HOUR, reportedAt: now + 60_000 },
        { discoveredAt: now - 9 * HOUR, reportedAt: now + 60_000 },
        { discoveredAt: now - 2 * HOUR, reportedAt: now + 60_000 },
        { discoveredAt: now - 2 * HOUR, reportedAt: now + 60_000 },
      ];
      for (const p of plan) {
        at(p.reportedAt);
        const res = await h.call('POST', '/v1/organisations/me/breaches', orgC.key, { ...report, discoveredAt: new Date(p.discoveredAt).toISOString() });
        expect(res.status).toBe(201);
        created.push(res.body.id);
      }
      expect((await h.call('POST', `/v1/regulator/breaches/${created[3]}/authority-notified`, h.regulator, {})).status).toBe(200);
      // Microseconds a millisecond cursor would lose: 5 ends the second page, and a cursor cut to
      // the millisecond would skip 4 on the third.
      for (const [i, micros] of [[4, 300], [5, 600]] as const) {
        await h.sql(`UPDATE "monitoring"."breaches" SET "reported_at" = "reported_at" + make_interval(secs => $2::float8 / 1e6) WHERE "id" = $1`, [created[i], micros]);
      }
    });

    it("pages through an organisation's breaches: each once, in the list's order, nextCursor null at the end", async () => {
      const seen = await pages('/v1/organisations/me/breaches', orgC.key);
      expect(seen.map((p) => p.length)).toEqual([2, 2, 2]);
      const ids = seen.flat().map((b) => b.id);
      expect([...ids].sort()).toEqual([...created].sort());
      expect(ids).toEqual((await h.call('GET', '/v1/organisations/me/breaches', orgC.key)).body.items.map((b: Listed) => b.id));
      const tie = [created[0]!, created[1]!].sort().reverse();
      expect(ids).toEqual([created[2], ...tie, created[5], created[4], created[3]]);
    });

    it("pages through the regulator's list of every breach, and a status filter", async () => {
      const all = (await h.call('GET', '/v1/regulator/breaches?limit=200', h.regulator)).body;
      expect(all.nextCursor).toBeNull();
      const seen = (await pages('/v1/regulator/breaches', h.regulator)).flat();
      expect(seen.map((b) => b.id)).toEqual(all.items.map((b: Listed) => b.id));
      expect(new Set(seen.map((b) => b.id)).size).toBe(seen.length);
      const own = (await h.call('GET', '/v1/organisations/me/breaches', orgC.key)).body.items.map((b: Listed) => b.id);
      expect(seen.map((b) => b.id).filter((id) => created.includes(id))).toEqual(own);
      // 4 and 5 differ below the millisecond the responses show; without 4 the order is visible.
      const visible = seen.filter((b) => b.id !== created[4]);
      expect(visible).toEqual([...visible].sort(inListOrder));
      const unnotified = (await pages('/v1/regulator/breaches?status=unnotified', h.regulator)).flat().map((b) => b.id);
      expect(unnotified).toEqual(all.items.filter((b: Listed) => b.authorityNotifiedAt === null).map((b: Listed) => b.id));
    });

    it('refuses a cursor it did not issue, naming cursor', async () => {
      const first = await h.call('GET', '/v1/regulator/breaches?limit=2', h.regulator);
      const key = JSON.parse(Buffer.from(first.body.nextCursor, 'base64url').toString());
      const forged = (k: unknown[]) => Buffer.from(JSON.stringify(k)).toString('base64url');
      for (const cursor of [forged([key[0], key[1], key[2], 'not-a-uuid']), forged([key[0], '2026-03-10T08', key[2], key[3]]), forged(key.slice(1)), forged(['2', ...key.slice(1)]),
        // A day that does not exist (Date.parse would roll it over to March; PostgreSQL refuses it).
        forged([key[0], '2026-02-30T00:00:00.000000Z', key[2], key[3]]), forged([key[0], '0000-01-01T00:00:00.000000Z', key[2], key[3]])]) {
        const res = await h.call('GET', `/v1/regulator/breaches?cursor=${cursor}`, h.regulator);
        expect([res.status, res.type, res.body.errors]).toEqual([400, expect.stringContaining('application/problem+json'), [{ field: 'cursor', message: 'is not a cursor from this list' }]]);
      }
    });
  });
});
