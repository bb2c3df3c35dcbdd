import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { encodeIdNumber } from '@consentry/population-domain';
import { generateApiKey } from '@consentry/shared-auth';
import { QueueName, QueueService } from '@consentry/shared-queue';
import { RunningService } from '@consentry/shared-runtime';
import { TcpProxy, TestDatabase, sqlOn, startTestDatabase, startTestService, waitFor } from '@consentry/shared-testing';
import { ConsentSweeper } from './consent-sweeper.service';
import { CLOCK, Clock } from './consent.tokens';
import { consentRegistryService } from './consent-registry.service';

const citizenId = encodeIdNumber({ provinceCode: '001', sex: 'male', birthYear: 1985, serial: 7 });
const on = process.env['DATABASE_URL'] ? 'PostgreSQL' : 'PGlite';
// A delivery's way through the queue is polled on PGlite's queue backend: seconds when the
// machine is busy (a full embedded run beside CI took over 20 s for one), so waits are generous.
jest.setTimeout(150_000);

/** A registry with one organisation whose webhook is a local receiver, and the handles the tests need. */
async function startRegistry(env: Record<string, string> = {}) {
  const received: string[] = [];
  const receiver: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      if (!h.failing) received.push(body);
      res.writeHead(h.failing ? 500 : 204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const db: TestDatabase = await startTestDatabase();
  // The scheduled sweep is a day away: the tests run it. The receiver is on 127.0.0.1, over http.
  const service: RunningService = await startTestService(consentRegistryService, db.url, {
    EXPIRY_SWEEP_MS: '86400000',
    WEBHOOK_MAX_ATTEMPTS: '2',
    WEBHOOK_BACKOFF_MS: '50',
    WEBHOOK_ALLOW_PRIVATE_DESTINATIONS: 'true',
    ...env,
  });
  const sql = (text: string, params: unknown[] = []) => sqlOn(db.url, text, params);
  const key = generateApiKey();
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(service.url + path, {
      method,
      headers: { authorization: `Bearer ${key.key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(20_000), // a request held by the queue fails here, not at the test's timeout
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const delivery = async (id: string) =>
    (await sql(`SELECT status, attempts, last_attempt_at FROM consent.webhook_deliveries WHERE id = $1`, [id]))[0];
  const h = {
    failing: false,
    service,
    sql,
    call,
    delivery,
    sweeper: () => service.app.get(ConsentSweeper, { strict: false }),
    clock: () => service.app.get<symbol, Clock>(CLOCK, { strict: false }),
    receivedOf: (id: string) => received.filter((body) => JSON.parse(body).id === id).length,
    /** Asks for consent; answers the id of the webhook delivery it created. */
    async requestConsent(): Promise<string> {
      const res = await call('POST', '/v1/consent-requests', {
        citizenId,
        purpose: 'account-opening',
        fields: ['fullName'],
        operations: ['verify'],
        frequency: { limit: 10, period: 'month' },
        validTo: new Date(Date.now() + 365 * 86_400_000).toISOString(),
        dataLifeDays: 30,
      });
      expect(res.status).toBe(201);
      const rows = await sql(
        `SELECT d.id FROM consent.webhook_deliveries d JOIN consent.transitions t ON t.id = d.transition_id WHERE t.consent_id = $1`,
        [res.body.consentId],
      );
      expect(rows).toHaveLength(1);
      return rows[0].id;
    },
    /** A delivery that failed every attempt. */
    async deadDelivery(): Promise<string> {
      h.failing = true;
      const id = await h.requestConsent();
      await waitFor(async () => (await delivery(id)).status === 'dead', 45_000, 'the delivery to die');
      h.failing = false;
      return id;
    },
    /** Moves a delivery's times back, as if it had been left alone that long. */
    age: (id: string, minutes: number) =>
      sql(
        `UPDATE consent.webhook_deliveries SET created_at = created_at - make_interval(mins => $2), last_attempt_at = last_attempt_at - make_interval(mins => $2) WHERE id = $1`,
        [id, minutes],
      ),
    /** Runs statements on one connection inside a transaction rolled back at the end; answers the last one's rows. */
    async sqlSession(statements: string[]): Promise<unknown[]> {
      const client = new Client({ connectionString: db.url });
      await client.connect();
      try {
        await client.query('BEGIN');
        let rows: unknown[] = [];
        for (const text of statements) rows = (await client.query(text)).rows;
        return rows;
      } finally {
        await client.query('ROLLBACK').catch(() => undefined);
        await client.end();
      }
    },
    async stop() {
      await service.app.close();
      await db.stop();
      await new Promise((r) => receiver.close(r));
    },
  };
  const [org] = await sql(`INSERT INTO identity.organisations (name, kind) VALUES ('Bank W', 'enterprise') RETURNING id`);
  await sql(`INSERT INTO identity.api_keys (organisation_id, prefix, key_hash, scopes, label) VALUES ($1, $2, $3, $4, 'test')`, [org.id, key.prefix, key.hash, ['consent']]);
  await sql(`INSERT INTO consent.purposes (code, title, description, legal_text) VALUES ('account-opening', 'Open a bank account', 'KYC', 'Law 2024')`);
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  expect((await call('PUT', '/v1/webhook-endpoint', { url })).status).toBe(200);
  return h;
}

// A delivery the queue did not take (the queue was down at that moment) must not be lost: the
// sweep queues it again once it has stalled, without ever putting a second job beside a live one.
describe(`consent webhook deliveries the queue refused, on ${on}`, () => {
  let h: Awaited<ReturnType<typeof startRegistry>>;

  /** Runs `fn` while every operation on the consent-webhooks queue fails, as when its backend is away. */
  const withQueueDown = async <T>(fn: () => Promise<T>): Promise<T> => {
    const queues = h.service.app.get(QueueService);
    const original = queues.queue.bind(queues);
    const spy = jest.spyOn(queues, 'queue').mockImplementation((name: QueueName) => {
      if (name === QueueName.ConsentWebhooks) throw new Error('connect ECONNREFUSED');
      return original(name);
    });
    try {
      return await fn();
    } finally {
      spy.mockRestore();
    }
  };

  beforeAll(async () => {
    h = await startRegistry();
  });
  afterAll(() => h?.stop());
  afterEach(() => jest.restoreAllMocks());

  it('queues a first delivery the queue refused once it has stalled, by the injected clock', async () => {
    const id = await withQueueDown(() => h.requestConsent());
    expect(await h.delivery(id)).toMatchObject({ status: 'pending', attempts: 0, last_attempt_at: null });
    expect(await h.sweeper().requeueStalled()).toBe(0); // just created: not stalled yet

    jest.spyOn(h.clock(), 'now').mockReturnValue(new Date(Date.now() + 5 * 60_000));
    expect(await h.sweeper().requeueStalled()).toBe(1);
    await waitFor(async () => (await h.delivery(id)).status === 'delivered', 45_000, 'the swept delivery');
    expect(h.receivedOf(id)).toBe(1);
  });

  it('reads only pending deliveries for the sweep, through their own index (migration 203)', async () => {
    // The planner picks the index once the table is large; with sequential scans off it must be usable.
    const plan = await h.sqlSession([
      `SET LOCAL enable_seqscan = off`,
      `EXPLAIN (FORMAT JSON) SELECT id FROM consent.webhook_deliveries WHERE status = 'pending' AND COALESCE(last_attempt_at, created_at) < now()
        ORDER BY COALESCE(last_attempt_at, created_at) LIMIT 500`,
    ]);
    expect(JSON.stringify(plan)).toContain('webhook_deliveries_pending_idx');
  });

  it('answers a replay the queue refused with 202 pending, and the sweep sends it past the failed job', async () => {
    const id = await h.deadDelivery();
    const replay = await withQueueDown(() => h.call('POST', `/v1/webhook-deliveries/${id}/replay`));
    expect(await h.delivery(id)).toMatchObject({ status: 'pending', attempts: 2 });
    // Not a lost delivery: once it has stalled (by its last attempt), the sweep queues it, though
    // the job that died keeps the delivery's id in the queue's failed set.
    await h.age(id, 10);
    expect(await h.sweeper().requeueStalled()).toBe(1);
    await waitFor(async () => (await h.delivery(id)).status === 'delivered', 45_000, 'the replayed delivery');
    expect(h.receivedOf(id)).toBe(1);
    expect(replay).toEqual({ status: 202, body: { status: 'pending', detail: expect.stringContaining('queued again automatically') } });
    expect(await h.sweeper().requeueStalled()).toBe(0);
  });

  it('answers a replay the queue took with 202 queued', async () => {
    const id = await h.deadDelivery();
    expect(await h.call('POST', `/v1/webhook-deliveries/${id}/replay`)).toEqual({ status: 202, body: { status: 'queued' } });
    await waitFor(async () => (await h.delivery(id)).status === 'delivered', 45_000, 'the replayed delivery');
    expect(h.receivedOf(id)).toBe(1);
    expect((await h.call('POST', `/v1/webhook-deliveries/${id}/replay`)).status).toBe(404);
  });

  it('puts no second job beside one still on the queue, and the delivery is sent once', async () => {
    const queue = h.service.app.get(QueueService).queue(QueueName.ConsentWebhooks);
    await queue.pause();
    try {
      const id = await h.requestConsent();
      await h.age(id, 10); // waiting behind a stopped worker, long enough to look stalled
      expect(await h.sweeper().requeueStalled()).toBe(0);
      const jobs = await queue.getJobs(['waiting', 'delayed', 'prioritized', 'active']);
      expect(jobs.filter((j) => j.data.deliveryId === id)).toHaveLength(1);
      await queue.resume();
      await waitFor(async () => (await h.delivery(id)).status === 'delivered', 45_000, 'the delivery');
      await new Promise((r) => setTimeout(r, 300));
      expect(h.receivedOf(id)).toBe(1);
    } finally {
      await queue.resume();
    }
  });
});

// On Redis the connection holds commands while the server is away, so a queue call waits for its
// return rather than failing: without a bound, requests would hang for the whole outage. Only a
// queue on Redis behaves so; this part runs wherever REDIS_URL is set (CI: .ci/run sets it).
const onRedis = process.env['REDIS_URL'] !== undefined;
if (onRedis) describe(`consent webhook deliveries while Redis is away, on ${on}`, () => {
  let h: Awaited<ReturnType<typeof startRegistry>>;
  let proxy: TcpProxy;

  beforeAll(async () => {
    const redisUrl = process.env['REDIS_URL'] as string;
    proxy = await TcpProxy.start(redisUrl);
    h = await startRegistry({ REDIS_URL: proxy.urlFor(redisUrl) });
  });
  afterAll(async () => {
    await h?.stop();
    await proxy?.stop();
  });

  it('answers a consent request and a replay within the bound, and delivers both once Redis is back', async () => {
    const dead = await h.deadDelivery();
    await proxy.cut();
    let away = true;
    try {
      const started = Date.now();
      const replay = await h.call('POST', `/v1/webhook-deliveries/${dead}/replay`);
      expect(replay).toMatchObject({ status: 202, body: { status: 'pending' } });
      const fresh = await h.requestConsent();
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(await h.delivery(fresh)).toMatchObject({ status: 'pending', attempts: 0 });
      await proxy.restore();
      away = false;
      // What the held commands do not finish, the sweep does.
      jest.spyOn(h.clock(), 'now').mockReturnValue(new Date(Date.now() + 5 * 60_000));
      await waitFor(async () => {
        await h.sweeper().requeueStalled();
        return (await h.delivery(dead)).status === 'delivered' && (await h.delivery(fresh)).status === 'delivered';
      }, 30_000, 'both deliveries');
      await new Promise((r) => setTimeout(r, 300));
      expect([h.receivedOf(dead), h.receivedOf(fresh)]).toEqual([1, 1]);
    } finally {
      if (away) await proxy.restore();
      jest.restoreAllMocks();
    }
  });
});
