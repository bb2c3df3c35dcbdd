import { DataSubjectRequestsModule } from './data-subject-requests.module';
import { Harness, startHarness } from '../data-protection.e2e-harness';

const alice = 'a1'.repeat(32);
const bob = 'b2'.repeat(32);
const carol = 'c3'.repeat(32);

describe(`data-subject requests on ${process.env['DATABASE_URL'] ? 'PostgreSQL' : 'PGlite'}`, () => {
  let h: Harness;
  let requestId: string;

  beforeAll(async () => {
    // Friday 13 Feb 2026, 10:00 in Hanoi: the next working days are after Tet (16-20 Feb).
    h = await startHarness((o) => [DataSubjectRequestsModule.register(o)], '2026-02-13T03:00:00Z');
  });
  afterAll(() => h?.stop());

  it('files a request with deadlines in Vietnamese working days', async () => {
    const res = await h.call('POST', '/v1/citizen/data-subject-requests', h.citizen(alice), { kind: 'erasure', details: 'Erase my old address' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'erasure', status: 'filed', acknowledgeBy: '2026-02-24T17:00:00.000Z', deadlineRulesVersion: 'law-91-2025.1' });
    // 10 working days: 23-27 Feb, 2-6 Mar.
    expect(res.body.answerBy).toBe('2026-03-06T17:00:00.000Z');
    expect(res.body).not.toHaveProperty('citizenPseudonym');
    requestId = res.body.id;
  });

  it('refuses bad input naming the field, and wrong roles', async () => {
    const bad = await h.call('POST', '/v1/citizen/data-subject-requests', h.citizen(alice), { kind: 'deletion' });
    expect(bad.status).toBe(400);
    expect(bad.type).toContain('application/problem+json');
    expect(bad.body.errors[0].field).toBe('kind');
    expect((await h.call('POST', '/v1/operator/data-subject-requests/' + requestId + '/answer', h.operator, { outcome: 'maybe' })).body.errors[0].field).toBe('outcome');
    expect((await h.call('POST', '/v1/citizen/data-subject-requests', h.operator, { kind: 'access' })).status).toBe(403);
    expect((await h.call('POST', `/v1/operator/data-subject-requests/${requestId}/acknowledge`, h.citizen(alice))).status).toBe(403);
    expect((await h.call('GET', '/v1/regulator/data-subject-requests/overdue', h.operator)).status).toBe(403);
    expect((await h.call('GET', '/v1/citizen/data-subject-requests')).status).toBe(401);
  });

  it("never shows one citizen another's request", async () => {
    expect((await h.call('GET', `/v1/citizen/data-subject-requests/${requestId}`, h.citizen(bob))).status).toBe(404);
    expect((await h.call('GET', '/v1/citizen/data-subject-requests', h.citizen(bob))).body.items).toEqual([]);
    const own = await h.call('GET', `/v1/citizen/data-subject-requests/${requestId}`, h.citizen(alice));
    expect(own.status).toBe(200);
    expect(own.body.details).toBe('Erase my old address');
  });

  it('escalates an unacknowledged request to the regulator once its deadline passes', async () => {
    await h.call('POST', '/v1/citizen/data-subject-requests', h.citizen(bob), { kind: 'withdrawal' });
    expect((await h.call('GET', '/v1/regulator/data-subject-requests/overdue', h.regulator)).body.counts.total).toBe(0);
    h.clock.at = new Date('2026-02-24T17:00:00Z');
    const overdue = await h.call('GET', '/v1/regulator/data-subject-requests/overdue', h.regulator);
    expect(overdue.status).toBe(200);
    expect(overdue.body.counts).toEqual({ total: 2, acknowledgementOverdue: 2, answerOverdue: 0, byKind: { erasure: 1, withdrawal: 1 } });
    expect(overdue.body.items[0]).not.toHaveProperty('details');
    expect((await h.call('GET', `/v1/citizen/data-subject-requests/${requestId}`, h.citizen(alice))).body.status).toBe('acknowledgement-overdue');
  });

  it('lets the operator acknowledge once and answer once; answered requests leave the escalation list', async () => {
    const ack = await h.call('POST', `/v1/operator/data-subject-requests/${requestId}/acknowledge`, h.operator);
    expect(ack.status).toBe(200);
    expect(ack.body.status).toBe('acknowledged');
    expect((await h.call('POST', `/v1/operator/data-subject-requests/${requestId}/acknowledge`, h.operator)).status).toBe(409);
    expect((await h.call('GET', '/v1/regulator/data-subject-requests/overdue', h.regulator)).body.counts.total).toBe(1);
    h.clock.at = new Date('2026-03-07T00:00:00Z');
    expect((await h.call('GET', '/v1/regulator/data-subject-requests/overdue', h.regulator)).body.counts).toMatchObject({ total: 2, answerOverdue: 1, acknowledgementOverdue: 1 }); // withdrawal: 15 working days
    const answer = await h.call('POST', `/v1/operator/data-subject-requests/${requestId}/answer`, h.operator, { outcome: 'granted', note: 'Address erased' });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ status: 'answered', outcome: 'granted' });
    expect((await h.call('POST', `/v1/operator/data-subject-requests/${requestId}/answer`, h.operator, { outcome: 'refused' })).status).toBe(409);
    expect((await h.call('GET', '/v1/regulator/data-subject-requests/overdue', h.regulator)).body.counts).toMatchObject({ total: 1, byKind: { withdrawal: 1 } });
    expect((await h.call('GET', `/v1/citizen/data-subject-requests/${requestId}`, h.citizen(alice))).body).toMatchObject({ outcome: 'granted', answerNote: 'Address erased' });
    expect((await h.call('POST', '/v1/operator/data-subject-requests/5b0c3c0e-0000-4000-8000-000000000000/acknowledge', h.operator)).status).toBe(404);
  });

  describe('pages', () => {
    type Listed = { id: string; filedAt: string };
    // Every page of a list, following nextCursor from the first page to the null at the end.
    const pages = (path: string, token: string) => h.pages<Listed>(path, token);
    // Carol's requests, in filing order; all filed on Monday 9 March 2026 in Hanoi, so they share
    // their acknowledgement deadline and the operator's queue orders them by filing, then id.
    const filed: string[] = [];
    let tie: string[];

    beforeAll(async () => {
      const plan = ['2026-03-09T01:00:00Z', '2026-03-09T02:00:00Z', '2026-03-09T02:00:00Z', '2026-03-09T03:00:00Z', '2026-03-09T03:00:00Z', '2026-03-09T04:00:00Z'];
      for (const at of plan) {
        h.clock.at = new Date(at);
        const res = await h.call('POST', '/v1/citizen/data-subject-requests', h.citizen(carol), { kind: 'access' });
        expect(res.status).toBe(201);
        filed.push(res.body.id);
      }
      // 1 and 2 tie on the filing instant (only the id orders them); 3 and 4 differ by 0.3 ms,
      // which a cursor cut to the millisecond would lose at a page edge.
      tie = [filed[1]!, filed[2]!].sort();
      for (const [i, micros] of [[3, 300], [4, 600]] as const) {
        await h.sql(`UPDATE "monitoring"."data_subject_requests" SET "filed_at" = "filed_at" + make_interval(secs => $2::float8 / 1e6) WHERE "id" = $1`, [filed[i], micros]);
      }
    });

    it("pages through a citizen's requests: each once, newest first then by id, nextCursor null at the end", async () => {
      const seen = await pages('/v1/citizen/data-subject-requests', h.citizen(carol));
      expect(seen.map((p) => p.length)).toEqual([2, 2, 2]);
      const ids = seen.flat().map((r) => r.id);
      expect(ids).toEqual([filed[5], filed[4], filed[3], ...tie, filed[0]]);
      expect(ids).toEqual((await h.call('GET', '/v1/citizen/data-subject-requests', h.citizen(carol))).body.items.map((r: Listed) => r.id));
    });

    it("pages through the operator's queue: each once, nearest deadline, oldest filing, then by id", async () => {
      const all = (await h.call('GET', '/v1/operator/data-subject-requests?limit=200', h.operator)).body;
      expect(all.nextCursor).toBeNull();
      const ids = (await pages('/v1/operator/data-subject-requests', h.operator)).flat().map((r) => r.id);
      expect(ids).toEqual(all.items.map((r: Listed) => r.id));
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.filter((id) => filed.includes(id))).toEqual([filed[0], ...tie, filed[3], filed[4], filed[5]]);
    });

    it('refuses a cursor it did not issue, naming cursor', async () => {
      const citizenCursor = (await h.call('GET', '/v1/citizen/data-subject-requests?limit=1', h.citizen(carol))).body.nextCursor;
      const operatorCursor = (await h.call('GET', '/v1/operator/data-subject-requests?limit=1', h.operator)).body.nextCursor;
      const forged = Buffer.from(JSON.stringify(['2026-03-09T01:00:00.000000Z', '------------------------------------'])).toString('base64url');
      for (const [path, token, cursor] of [
        ['/v1/citizen/data-subject-requests', h.citizen(carol), operatorCursor],
        ['/v1/citizen/data-subject-requests', h.citizen(carol), forged],
        ['/v1/citizen/data-subject-requests', h.citizen(carol), 'abc'],
        ['/v1/operator/data-subject-requests', h.operator, citizenCursor],
        ['/v1/operator/data-subject-requests', h.operator, 'x'.repeat(401)],
      ]) {
        const res = await h.call('GET', `${path}?cursor=${cursor}`, token);
        expect([path, res.status, res.type, res.body.errors?.map((e: { field: string }) => e.field)]).toEqual([path, 400, expect.stringContaining('application/problem+json'), ['cursor']]);
      }
    });
  });
});
