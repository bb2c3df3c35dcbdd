import { randomUUID } from 'node:crypto';
import { getDataSourceToken } from '@nestjs/typeorm';
import { AuditOutboxRepository, GuardCountersRepository, IdempotencyRepository } from '@consentry/gateway-data-access';
import { vietnamDate } from '@consentry/shared-vietnam-time';
import { AuditRelay } from '@consentry/gateway-feature';
import { queuedAuditEvents } from '@consentry/shared-testing';
import { GatewayStack, Org } from './gateway-fixtures';

describe('audit relay', () => {
  let s: GatewayStack;
  let org: Org;

  beforeAll(async () => {
    // The relay's own timer would fire only after a minute: the test drives its passes.
    s = await GatewayStack.start({ AUDIT_RELAY_INTERVAL_MS: '60000', ENUMERATION_DAILY_LIMIT: '2' });
    org = await s.organisation('Relay Bank');
    await s.licence(org, { grants: [{ purposeCode: 'account-opening', operations: ['verify'], fields: ['fullName'] }] });
    await s.topUp(org, '100000');
    await s.grantConsent(org, s.citizens[0], ['fullName']);
  });
  afterAll(() => s?.stop());

  const verify = async () => {
    const res = await s.call('POST', '/v1/verifications', org.key, { citizenId: s.citizens[0].idNumber, purpose: 'account-opening', claims: { fullName: 'x' } });
    expect(res.status).toBe(200);
    return res.body.audit.eventId as string;
  };
  const queuedEventIds = async () => (await queuedAuditEvents(s.gateway)).map((e) => e.eventId);

  it('queues every event when a batch is sent again after the relay died before marking it, together with newer events', async () => {
    const relay = s.gateway.app.get(AuditRelay);
    const first = [await verify()];

    // The pass queues the first event, then dies before marking them delivered.
    const markDelivered = AuditOutboxRepository.prototype.markDelivered;
    AuditOutboxRepository.prototype.markDelivered = async () => {
      throw new Error('connection terminated unexpectedly');
    };
    try {
      await relay.tick();
    } finally {
      AuditOutboxRepository.prototype.markDelivered = markDelivered;
    }
    expect((await queuedEventIds()).sort()).toEqual([...first].sort());

    // Newer events arrive; then the first event's lease runs out, as 30 s would.
    const later = [await verify(), await verify(), await verify()];
    await s.sql(`UPDATE gateway.audit_outbox SET claimed_until = now() - interval '1 second' WHERE event_id = ANY($1::uuid[])`, [first]);

    // The next pass claims all four in one batch. UPDATE ... RETURNING keeps no order, so the
    // claim's rows are put oldest first, as its ORDER BY means them: the batch then starts with
    // the same event as the first one did (the case where a job id taken from the first event
    // made the queue skip the whole second batch).
    const claim = AuditOutboxRepository.prototype.claim;
    AuditOutboxRepository.prototype.claim = async function (this: AuditOutboxRepository, limit: number, leaseMs: number) {
      const rows = await claim.call(this, limit, leaseMs);
      const order = [...first, ...later];
      return rows.sort((x, y) => order.indexOf(x.eventId) - order.indexOf(y.eventId));
    };
    try {
      expect(await relay.tick()).toBe(4);
    } finally {
      AuditOutboxRepository.prototype.claim = claim;
    }
    const queued = await queuedEventIds();
    for (const id of [...first, ...later]) expect(queued).toContain(id);
    expect((await s.sql(`SELECT count(*)::int AS n FROM gateway.audit_outbox WHERE delivered_at IS NULL`))[0].n).toBe(0);
  });

  it('purges delivered events past the retention in chunks, through the delivered-at index, and keeps the rest', async () => {
    const week = "now() - interval '8 days'";
    const insert = (n: number, created: string, delivered: string) =>
      s.sql(`INSERT INTO gateway.audit_outbox (event_id, payload, created_at, delivered_at) SELECT gen_random_uuid(), '{}'::jsonb, ${created}, ${delivered} FROM generate_series(1, $1)`, [n]);
    const keptUndelivered = randomUUID();
    await insert(7, week, week);
    await s.sql(`INSERT INTO gateway.audit_outbox (event_id, payload, created_at) VALUES ($1, '{}'::jsonb, ${week})`, [keptUndelivered]);
    await insert(2, week, 'now()');
    await insert(3, 'now()', 'now()');
    const [before] = await s.sql(`SELECT count(*)::int AS n FROM gateway.audit_outbox`);

    const outbox = new AuditOutboxRepository(s.gateway.app.get(getDataSourceToken()));
    expect(await outbox.purgeDelivered(new Date(Date.now() - 7 * 86_400_000), 3)).toBe(7);
    const [after] = await s.sql(`SELECT count(*)::int AS n FROM gateway.audit_outbox`);
    expect(after.n).toBe(before.n - 7);
    expect(await s.sql(`SELECT event_id FROM gateway.audit_outbox WHERE event_id = $1`, [keptUndelivered])).toHaveLength(1);

    // The purge's predicate can use the index (the planner picks it once the table is large).
    await s.sql(`SET enable_seqscan = off`);
    try {
      const plan = await s.sql(`EXPLAIN (FORMAT JSON) SELECT ctid FROM gateway.audit_outbox WHERE delivered_at < now()`);
      expect(JSON.stringify(plan)).toContain('audit_outbox_delivered_idx');
      const keysPlan = await s.sql(`EXPLAIN (FORMAT JSON) SELECT ctid FROM gateway.idempotency_keys WHERE created_at < now()`);
      expect(JSON.stringify(keysPlan)).toContain('idempotency_keys_created_idx');
    } finally {
      await s.sql(`RESET enable_seqscan`);
    }
  });

  it('forgets idempotency keys after a day, in chunks, and keeps younger ones', async () => {
    const keys = (n: number, age: string) =>
      s.sql(
        `INSERT INTO gateway.idempotency_keys (organisation_id, key, fingerprint, status_code, response, created_at)
         SELECT $1, 'purge-' || gen_random_uuid(), 'f', 200, '{}', now() - $2::interval FROM generate_series(1, $3)`,
        [org.id, age, n],
      );
    await keys(5, '25 hours');
    await keys(2, '23 hours');
    const repo = new IdempotencyRepository(s.gateway.app.get(getDataSourceToken()));
    expect(await repo.purge(new Date(Date.now() - 86_400_000), 2)).toBe(5);
    const [left] = await s.sql(`SELECT count(*)::int AS n FROM gateway.idempotency_keys WHERE key LIKE 'purge-%'`);
    expect(left.n).toBe(2);
  });

  it("forgets the enumeration guard's touches of days before yesterday within 240 passes, through the day index; the guard still counts today's", async () => {
    const fisher = await s.organisation('Relay Fisher');
    await s.licence(fisher, { grants: [{ purposeCode: 'account-opening', operations: ['verify'], fields: ['fullName'] }] });
    const withoutConsent = (citizen: number) =>
      s.call('POST', '/v1/verifications', fisher.key, { citizenId: s.citizens[citizen].idNumber, purpose: 'account-opening', claims: { fullName: 'x' } });
    expect([(await withoutConsent(1)).status, (await withoutConsent(2)).status]).toEqual([403, 403]);
    // Earlier days' touches, counted from the gateway's day (Asia/Ho_Chi_Minh), not the database's.
    const today = vietnamDate(new Date());
    const touchesOn = (daysAgo: number, n: number) =>
      s.sql(
        `INSERT INTO gateway.unconsented_touches (organisation_id, day, citizen_pseudonym)
         SELECT $1, $2::date - $3::int, 'old-' || $3 || '-' || i FROM generate_series(1, $4) i`,
        [fisher.id, today, daysAgo, n],
      );
    await touchesOn(1, 3);
    await touchesOn(2, 4);
    await touchesOn(40, 5);
    const byDaysAgo = async () =>
      Object.fromEntries(
        (await s.sql(`SELECT ($2::date - day) AS ago, count(*)::int AS n FROM gateway.unconsented_touches WHERE organisation_id = $1 GROUP BY day`, [fisher.id, today])).map(
          (r) => [r.ago, r.n],
        ),
      );
    expect(await byDaysAgo()).toEqual({ 0: 2, 1: 3, 2: 4, 40: 5 });

    // Housekeeping runs on every 240th pass: 240 passes in a row hold exactly one.
    const relay = s.gateway.app.get(AuditRelay);
    for (let pass = 0; pass < 240; pass++) await relay.tick();
    expect(await byDaysAgo()).toEqual({ 0: 2, 1: 3 });
    // Today's touches were kept: a third citizen today is one past the limit of 2.
    const third = await withoutConsent(3);
    expect([third.status, third.body.reasonCode]).toEqual([429, 'ENUMERATION_GUARD']);

    // In chunks, and through the day index (the planner picks it once the table is large).
    await touchesOn(3, 5);
    const guard = new GuardCountersRepository(s.gateway.app.get(getDataSourceToken()));
    expect(await guard.purgeTouches(vietnamDate(new Date(Date.now() - 86_400_000)), 2)).toBe(5);
    expect(await byDaysAgo()).toEqual({ 0: 3, 1: 3 });
    await s.sql(`SET enable_seqscan = off`);
    try {
      const plan = await s.sql(`EXPLAIN (FORMAT JSON) SELECT ctid FROM gateway.unconsented_touches WHERE day < '${today}'::date`);
      expect(JSON.stringify(plan)).toContain('unconsented_touches_day_idx');
    } finally {
      await s.sql(`RESET enable_seqscan`);
    }
  });
});
