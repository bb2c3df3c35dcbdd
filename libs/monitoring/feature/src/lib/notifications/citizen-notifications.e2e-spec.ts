import { randomUUID } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { AuditEvent, auditEventFixture } from '@consentry/audit-domain';
import { AuditIngestService } from '@consentry/audit-feature';
import { classifyIpAddress } from '@consentry/consent-domain';
import { signWebhook } from '@consentry/consent-feature';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { QueueName, QueueService } from '@consentry/shared-queue';
import { waitFor } from '@consentry/shared-testing';
import { CitizenNotificationsModule } from './citizen-notifications.module';
import { NotificationWorker } from './notification-worker.service';
import { Harness, startHarness } from '../data-protection.e2e-harness';

const alice = 'a1'.repeat(32);
const bob = 'b2'.repeat(32);
const carol = 'c3'.repeat(32);

describe(`citizen notifications on ${process.env['DATABASE_URL'] ? 'PostgreSQL' : 'PGlite'}`, () => {
  let h: Harness;
  let receiver: Server;
  let receiverUrl: string;
  const received: { body: string; signature: string; deliveryId: string }[] = [];
  let failNext = 0;

  const ingest = (events: Partial<AuditEvent>[]) =>
    h.service.app.get(AuditIngestService, { strict: false }).ingest(events.map((e) => auditEventFixture({ eventId: randomUUID(), occurredAt: '2026-03-10T01:00:00Z', ...e })));
  const run = () => h.service.app.get(NotificationWorker, { strict: false }).runOnce();
  const inbox = async (psn: string) => (await h.call('GET', '/v1/citizen/notifications', h.citizen(psn))).body;

  beforeAll(async () => {
    receiver = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        if (failNext > 0) {
          failNext -= 1;
          res.writeHead(503).end();
          return;
        }
        received.push({ body, signature: String(req.headers['consentry-signature']), deliveryId: String(req.headers['consentry-delivery-id']) });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    // The schedule is slow so the test drives the consumer; retries are fast; the receiver is on 127.0.0.1 over http.
    const env = { NOTIFICATION_POLL_MS: '3600000', NOTIFICATION_WEBHOOK_BACKOFF_MS: '50', NOTIFICATION_WEBHOOK_MAX_ATTEMPTS: '3', NOTIFICATION_BATCH_SIZE: '2', WEBHOOK_ALLOW_PRIVATE_DESTINATIONS: 'true' };
    h = await startHarness((o) => [CitizenNotificationsModule.register({ ...o, env })], '2026-03-10T02:00:00Z');
  });
  afterAll(async () => {
    await h?.stop();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  it('refuses bad settings naming the field, and other roles', async () => {
    const bad = await h.call('PUT', '/v1/citizen/notification-settings', h.citizen(alice), { scope: 'everything', inbox: true });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('scope');
    expect((await h.call('PUT', '/v1/citizen/notification-settings', h.citizen(alice), { scope: 'all-accesses', inbox: true, webhookUrl: 'ftp://x' })).body.errors[0].field).toBe('webhookUrl');
    expect((await h.call('PUT', '/v1/citizen/notification-settings', h.citizen(alice), { scope: 'all-accesses', inbox: false })).body.errors[0].field).toBe('inbox');
    expect((await h.call('PUT', '/v1/citizen/notification-settings', h.regulator, { scope: 'all-accesses', inbox: true })).status).toBe(403);
    expect((await h.call('GET', '/v1/citizen/notifications', h.operator)).status).toBe(403);
    expect((await h.call('GET', '/v1/citizen/notification-settings', h.citizen(alice))).status).toBe(404);
  });

  it('notifies opted-in citizens exactly once per access, even when the consumer runs again', async () => {
    const a = await h.call('PUT', '/v1/citizen/notification-settings', h.citizen(alice), { scope: 'all-accesses', inbox: true });
    expect(a.status).toBe(200);
    expect(a.body).not.toHaveProperty('webhookSecret');
    expect((await h.call('PUT', '/v1/citizen/notification-settings', h.citizen(bob), { scope: 'sensitive-fields-only', inbox: true })).status).toBe(200);
    await ingest([
      { citizenPseudonym: alice, fields: ['fullName'] },
      { citizenPseudonym: bob, fields: ['fullName'] },
      { citizenPseudonym: bob, fields: ['fullName', 'religion'] },
      { citizenPseudonym: carol, fields: ['religion'] },
      { citizenPseudonym: alice, fields: ['fullName'], decision: 'deny', reasonCode: 'no-consent' },
    ]);
    expect(await run()).toMatchObject({ entriesRead: 5, inboxItems: 2 });
    expect(await run()).toMatchObject({ entriesRead: 0, inboxItems: 0 });
    const aliceInbox = await inbox(alice);
    expect(aliceInbox.items).toHaveLength(1);
    expect(aliceInbox.unread).toBe(1);
    const bobInbox = await inbox(bob);
    expect(bobInbox.items.map((i: { sensitiveFields: string[] }) => i.sensitiveFields)).toEqual([['religion']]);
    expect((await inbox(carol)).items).toEqual([]);
  });

  it('lets a citizen mark only their own items read', async () => {
    const id = (await inbox(alice)).items[0].id;
    expect((await h.call('POST', `/v1/citizen/notifications/${id}/read`, h.citizen(bob))).status).toBe(404);
    expect((await h.call('POST', `/v1/citizen/notifications/abc/read`, h.citizen(alice))).body.errors[0].field).toBe('id');
    expect((await h.call('POST', `/v1/citizen/notifications/${id}/read`, h.citizen(alice))).status).toBe(204);
    const after = await inbox(alice);
    expect(after.unread).toBe(0);
    expect(after.items[0].readAt).toBe(h.clock.now().toISOString());
    expect((await h.call('GET', '/v1/citizen/notifications?unread=true', h.citizen(alice))).body.items).toEqual([]);
  });

  it('holds a deferred disclosure until its time, then notifies once', async () => {
    await ingest([{ citizenPseudonym: alice, fields: ['fullName'], legalBasis: { kind: 'legal-duty', reference: 'investigation 12/2026' }, disclosureAfter: '2026-06-01T00:00:00Z' }]);
    expect(await run()).toMatchObject({ entriesRead: 1, inboxItems: 0 });
    expect((await inbox(alice)).items).toHaveLength(1);
    h.clock.at = new Date('2026-06-01T00:00:00Z');
    expect(await run()).toMatchObject({ inboxItems: 1 });
    expect(await run()).toMatchObject({ inboxItems: 0 });
    expect((await inbox(alice)).items).toHaveLength(2);
  });

  it('delivers a signed webhook, retrying after a failure, once per access', async () => {
    const set = await h.call('PUT', '/v1/citizen/notification-settings', h.citizen(carol), { scope: 'sensitive-fields-only', inbox: false, webhookUrl: receiverUrl });
    expect(set.status).toBe(200);
    const secret = set.body.webhookSecret;
    expect(secret).toMatch(/^whsec_/);
    failNext = 1;
    await ingest([{ citizenPseudonym: carol, fields: ['religion', 'fullName'] }, { citizenPseudonym: carol, fields: ['fullName'] }]);
    expect(await run()).toMatchObject({ deliveries: 1, inboxItems: 0 });
    expect(await run()).toMatchObject({ deliveries: 0 });
    await waitFor(async () => received.length >= 1, 20_000, 'webhook delivery');
    await new Promise((r) => setTimeout(r, 300));
    expect(received).toHaveLength(1);
    const { body, signature, deliveryId } = received[0];
    const payload = JSON.parse(body);
    expect(payload).toMatchObject({ id: deliveryId, type: 'citizen.data_accessed', data: { sensitiveFields: ['religion'] } });
    expect(body).not.toContain(carol);
    const t = Number(/t=(\d+)/.exec(signature)?.[1]);
    expect(signature).toBe(signWebhook(secret, body, t));
    expect((await h.call('GET', '/v1/citizen/notification-settings', h.citizen(carol))).body).not.toHaveProperty('webhookSecret');
  });

  it('lets a citizen send again the webhook notifications that failed every attempt, and only their own', async () => {
    const db = h.service.app.get<DataSource>(getDataSourceToken());
    const dead = async () => (await db.query(`SELECT count(*)::int AS n FROM monitoring.notification_webhook_deliveries WHERE citizen_pseudonym = $1 AND status = 'dead'`, [carol]))[0].n;
    const before = received.length;
    failNext = 3; // every attempt (NOTIFICATION_WEBHOOK_MAX_ATTEMPTS=3)
    await ingest([{ citizenPseudonym: carol, fields: ['religion'] }]);
    expect(await run()).toMatchObject({ deliveries: 1 });
    await waitFor(async () => (await dead()) === 1, 20_000, 'the delivery to die');
    expect(received).toHaveLength(before);

    expect((await h.call('POST', '/v1/citizen/notification-deliveries/replay', h.citizen(alice))).status).toBe(404); // alice has no webhook
    const replay = await h.call('POST', '/v1/citizen/notification-deliveries/replay', h.citizen(carol));
    expect(replay).toMatchObject({ status: 200, body: { replayed: 1, pending: 0 } });
    await waitFor(async () => received.length === before + 1, 20_000, 'the replayed delivery');
    expect(JSON.parse(received[received.length - 1].body)).toMatchObject({ type: 'citizen.data_accessed', data: { sensitiveFields: ['religion'] } });
    expect(await dead()).toBe(0);
    expect((await h.call('POST', '/v1/citizen/notification-deliveries/replay', h.citizen(carol))).body).toEqual({ replayed: 0, pending: 0 });
    expect((await h.call('POST', '/v1/citizen/notification-deliveries/replay', h.operator)).status).toBe(403);
    expect((await h.call('POST', '/v1/citizen/notification-deliveries/replay')).status).toBe(401);
  });

  it('reports a replay the queue refused as pending, and the stalled-delivery requeue sends it past the failed job', async () => {
    const db = h.service.app.get<DataSource>(getDataSourceToken());
    const status = async () => (await db.query(`SELECT status FROM monitoring.notification_webhook_deliveries WHERE citizen_pseudonym = $1 ORDER BY created_at DESC, entry_index DESC LIMIT 1`, [carol]))[0].status;
    const before = received.length;
    failNext = 3;
    await ingest([{ citizenPseudonym: carol, fields: ['religion'] }]);
    expect(await run()).toMatchObject({ deliveries: 1 });
    await waitFor(async () => (await status()) === 'dead', 20_000, 'the delivery to die');

    // The citizen-notification-webhooks queue fails every call during the replay, as when its backend is away.
    const queues = h.service.app.get(QueueService);
    const original = queues.queue.bind(queues);
    const down = jest.spyOn(queues, 'queue').mockImplementation((name: QueueName) => {
      if (name === QueueName.CitizenNotificationWebhooks) throw new Error('connect ECONNREFUSED');
      return original(name);
    });
    const replay = await h.call('POST', '/v1/citizen/notification-deliveries/replay', h.citizen(carol)).finally(() => down.mockRestore());
    expect(await status()).toBe('pending');
    h.clock.at = new Date(h.clock.now().getTime() + 5 * 60_000);
    expect(await run()).toMatchObject({ deliveries: 0 });
    await waitFor(async () => (await status()) === 'delivered', 20_000, 'the replayed delivery');
    expect(received).toHaveLength(before + 1);
    expect(replay).toMatchObject({ status: 200, body: { replayed: 1, pending: 1 } });
  });
});

describe(`citizen notification webhooks without WEBHOOK_ALLOW_PRIVATE_DESTINATIONS (the default) on ${process.env['DATABASE_URL'] ? 'PostgreSQL' : 'PGlite'}`, () => {
  let h: Harness;
  let receiver: Server;
  let port: number;
  let connections = 0;
  const save = (psn: string, webhookUrl: string) => h.call('PUT', '/v1/citizen/notification-settings', h.citizen(psn), { scope: 'all-accesses', inbox: true, webhookUrl });

  beforeAll(async () => {
    receiver = createServer((_req, res) => res.writeHead(204).end());
    receiver.on('connection', () => (connections += 1));
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    port = (receiver.address() as AddressInfo).port;
    const env = { NOTIFICATION_POLL_MS: '3600000', NOTIFICATION_WEBHOOK_BACKOFF_MS: '50', NOTIFICATION_WEBHOOK_MAX_ATTEMPTS: '2' };
    h = await startHarness((o) => [CitizenNotificationsModule.register({ ...o, env })], '2026-03-10T02:00:00Z');
  });
  afterAll(async () => {
    await h?.stop();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  it.each([
    ['http://127.0.0.1:PORT/hook', 'must use https'],
    ['http://169.254.169.254/latest/meta-data/', 'must use https'],
    ['http://[::1]/', 'must use https'],
    ['https://127.0.0.1:PORT/hook', 'must point to a public address (127.0.0.1 is loopback)'],
    ['https://169.254.169.254/latest/meta-data/', 'must point to a public address (169.254.169.254 is link-local)'],
    ['https://[::1]/', 'must point to a public address (::1 is loopback)'],
    ['https://192.168.1.1/', 'must point to a public address (192.168.1.1 is private)'],
    ['https://[fd00::5]/', 'must point to a public address (fd00::5 is unique-local)'],
    ['https://user:pw@me.example/hook', 'must not contain a user name or password'],
  ])('refuses %s with a 400 naming webhookUrl: %s', async (template, message) => {
    const res = await save(alice, template.replace('PORT', String(port)));
    expect(res.status).toBe(400);
    expect(res.type).toContain('application/problem+json');
    expect(res.body.errors).toEqual([{ field: 'webhookUrl', message }]);
    expect((await h.call('GET', '/v1/citizen/notification-settings', h.citizen(alice))).status).toBe(404);
  });

  it('sends nothing to a stored loopback URL or to a name that resolves to a local address', async () => {
    const db = h.service.app.get<DataSource>(getDataSourceToken());
    // A URL saved before the check existed.
    await db.query(
      `INSERT INTO monitoring.notification_settings (citizen_pseudonym, scope, inbox, webhook_url, webhook_secret, updated_at) VALUES ($1, 'all-accesses', false, $2, 'whsec_old', now())`,
      [alice, `http://127.0.0.1:${port}/hook`],
    );
    // This machine's name passes the settings check (https, a name) and resolves, here, to loopback or a private address.
    const own = await lookup(hostname(), { all: true }).catch(() => []);
    const local = own.length > 0 && own.every((a) => classifyIpAddress(a.address) !== 'public');
    if (local) {
      expect((await save(bob, `https://${hostname()}:${port}/hook`)).status).toBe(200);
    } else {
      console.warn(`${hostname()} does not resolve to local addresses only (${JSON.stringify(own)}): only the stored URL is tested`);
    }
    const citizens = local ? [alice, bob] : [alice];
    await h.service.app.get(AuditIngestService, { strict: false }).ingest(citizens.map((psn) => auditEventFixture({ eventId: randomUUID(), occurredAt: '2026-03-10T01:00:00Z', citizenPseudonym: psn })));
    expect(await h.service.app.get(NotificationWorker, { strict: false }).runOnce()).toMatchObject({ deliveries: citizens.length });
    const dead = () => db.query(`SELECT attempts, last_error FROM monitoring.notification_webhook_deliveries WHERE status = 'dead' ORDER BY citizen_pseudonym`);
    await waitFor(async () => (await dead()).length === citizens.length, 20_000, 'the refused deliveries to die');
    expect(await dead()).toEqual(citizens.map(() => ({ attempts: 2, last_error: 'destination not allowed' })));
    expect(connections).toBe(0);
  });
});
