import { createServer, IncomingMessage, Server } from 'node:http';
import { createHmac } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { compactVerify, createLocalJWKSet } from 'jose';
import { Client } from 'pg';
import { consentRegistryService } from '@consentry/consent-feature';
import { classifyIpAddress } from '@consentry/consent-domain';
import { encodeIdNumber, idNumberCurrentYear } from '@consentry/population-domain';
import { exportSigningKey, generateSigningKey } from '@consentry/shared-auth';
import { RunningService } from '@consentry/shared-runtime';
import { TestDatabase, queuedAuditEvents, sqlOn, startTestDatabase, startTestService, waitFor } from '@consentry/shared-testing';
import { Fixtures, client, seedFixtures } from './consent-fixtures';

const ids = [
  encodeIdNumber({ provinceCode: '001', sex: 'male', birthYear: 1985, serial: 1 }),
  encodeIdNumber({ provinceCode: '079', sex: 'female', birthYear: 1992, serial: 2 }),
  encodeIdNumber({ provinceCode: '048', sex: 'male', birthYear: 2001, serial: 3 }),
];
const thisYear = idNumberCurrentYear(new Date());

describe('consent registry', () => {
  let db: TestDatabase;
  let service: RunningService;
  let fx: Fixtures;
  let call: ReturnType<typeof client>;
  const tokens: string[] = [];
  let operatorToken: string;

  const inAYear = () => new Date(Date.now() + 365 * 86_400_000).toISOString();
  const request = (overrides: Record<string, unknown> = {}, key = fx.orgA.key) =>
    call('POST', '/v1/consent-requests', key, {
      citizenId: ids[0],
      purpose: 'account-opening',
      fields: ['fullName', 'dateOfBirth', 'religion'],
      operations: ['verify', 'lookup'],
      frequency: { limit: 10, period: 'month' },
      validTo: inAYear(),
      dataLifeDays: 30,
      ...overrides,
    });
  const effective = (citizenIndex: number, orgId: string, purpose = 'account-opening') =>
    consentPseudonym(citizenIndex).then((psn) =>
      call('GET', `/v1/internal/effective-consent?citizenPseudonym=${psn}&organisationId=${orgId}&purpose=${purpose}`, operatorToken),
    );
  const consentPseudonym = async (citizenIndex: number) => {
    const pg = new Client({ connectionString: db.url });
    await pg.connect();
    const { rows } = await pg.query(`SELECT citizen_pseudonym FROM identity.accounts WHERE role = 'citizen' ORDER BY created_at, id`);
    await pg.end();
    const all = rows.map((r) => r.citizen_pseudonym as string);
    // accounts were inserted in citizen order
    const me = await call('GET', '/v1/auth/me', tokens[citizenIndex]);
    expect(me.status).toBe(200);
    return all.length ? (await sql(`SELECT citizen_pseudonym FROM identity.accounts WHERE id = $1`, [me.body.accountId]))[0].citizen_pseudonym : '';
  };
  /** The consent-change events of one consent on the audit queue (nothing consumes them here). */
  const queuedEventsOf = async (consentId: string) =>
    (await queuedAuditEvents(service)).filter((e) => e.legalBasis.kind === 'consent' && e.legalBasis.consentId === consentId);
  const sql = (text: string, params: unknown[] = []) => sqlOn(db.url, text, params);

  beforeAll(async () => {
    db = await startTestDatabase();
    // The webhook receiver below is on 127.0.0.1, over http.
    service = await startTestService(consentRegistryService, db.url, {
      EXPIRY_SWEEP_MS: '300',
      WEBHOOK_MAX_ATTEMPTS: '3',
      WEBHOOK_BACKOFF_MS: '50',
      WEBHOOK_ALLOW_PRIVATE_DESTINATIONS: 'true',
    });
    call = client(service.url);
    fx = await seedFixtures(db.url, ids);
    for (const c of fx.citizens) {
      tokens.push((await call('POST', '/v1/auth/token', undefined, { username: c.idNumber, password: c.password })).body.accessToken);
    }
    operatorToken = (await call('POST', '/v1/auth/token', undefined, { username: 'op', password: 'op-pw' })).body.accessToken;
    const created = await call('POST', '/v1/purposes', operatorToken, {
      code: 'account-opening',
      title: 'Open a bank account',
      description: 'Know-your-customer checks when opening an account',
      legalText: 'Law on Credit Institutions 2024, art. 12',
    });
    expect(created.status).toBe(201);
  });
  afterAll(async () => {
    await service?.app.close();
    await db?.stop();
  });

  it('runs the whole lifecycle: request, partial approval, pause, resume, revoke — each with a verifiable receipt', async () => {
    const req = await request();
    expect(req.status).toBe(201);
    expect(req.body).toMatchObject({ state: 'PENDING', fieldsRequested: ['fullName', 'dateOfBirth', 'religion'], fieldsGranted: [] });
    const id = req.body.consentId;

    const pending = await call('GET', '/v1/me/consents?state=PENDING', tokens[0]);
    expect(pending.body.items).toHaveLength(1);
    expect(pending.body.items[0].text).toContain('Bank A wants to check (match / no match) and receive');
    expect(pending.body.items[0].sensitiveFields).toEqual(['religion']);
    expect(pending.body.items[0].actions.sort()).toEqual(['approve', 'reject']);

    const approved = await call('POST', `/v1/me/consents/${id}/approve`, tokens[0], { fields: ['fullName', 'dateOfBirth'] });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ state: 'ACTIVE', fieldsGranted: ['fullName', 'dateOfBirth'], sensitiveFields: [] });
    expect((await effective(0, fx.orgA.id)).body.fieldsGranted).toEqual(['fullName', 'dateOfBirth']);

    for (const action of ['pause', 'resume', 'revoke']) {
      const res = await call('POST', `/v1/me/consents/${id}/${action}`, tokens[0], { reason: `test ${action}` });
      expect(res.status).toBe(200);
    }
    const detail = await call('GET', `/v1/me/consents/${id}`, tokens[0]);
    expect(detail.body.state).toBe('REVOKED');
    expect(detail.body.history.map((h: { action: string }) => h.action)).toEqual(['request', 'approve', 'pause', 'resume', 'revoke']);

    // Receipts verify with an independent JWS implementation against the published JWKS.
    const jwks = createLocalJWKSet((await call('GET', '/.well-known/jwks.json')).body);
    const receipts = (await call('GET', `/v1/me/consents/${id}/receipts`, tokens[0])).body;
    expect(receipts).toHaveLength(5);
    for (const r of receipts) {
      const { payload, protectedHeader } = await compactVerify(r.jws, jwks);
      expect(protectedHeader.alg).toBe('EdDSA');
      expect(JSON.parse(new TextDecoder().decode(payload))).toEqual(r.receipt);
    }
    const revokeReceipt = receipts[4].receipt;
    expect(revokeReceipt).toMatchObject({ consentId: id, action: 'revoke', previousState: 'ACTIVE', state: 'REVOKED', dataUser: { name: 'Bank A' } });
    expect(JSON.stringify(receipts)).not.toContain(ids[0]);
    // A tampered receipt fails.
    const [h, p, s] = receipts[1].jws.split('.');
    const forged = Buffer.from(JSON.stringify({ ...receipts[1].receipt, fields: [] })).toString('base64url');
    await expect(compactVerify(`${h}.${forged}.${s}`, jwks)).rejects.toThrow();
    expect(p).not.toBe(forged);
  });

  it('retires the generated key when a configured one takes over: its private part leaves the database, its receipts still verify; an older key never retires a newer one', async () => {
    const id = (await request({}, fx.orgB.key)).body.consentId;
    expect((await call('POST', `/v1/me/consents/${id}/approve`, tokens[0], { fields: ['fullName'] })).status).toBe(200);
    const [generated] = await sql(`SELECT kid FROM consent.signing_keys WHERE private_pem IS NOT NULL AND retired_at IS NULL`);
    const signingKeys = () => sql(`SELECT kid, private_pem IS NOT NULL AS private, retired_at IS NOT NULL AS retired FROM consent.signing_keys ORDER BY created_at`);
    const configured = generateSigningKey();
    // A replica of the first: on the PostgreSQL queue backend both share the expiry schedule, which
    // each start sets to its own EXPIRY_SWEEP_MS.
    const second = await startTestService(consentRegistryService, db.url, { CONSENT_SIGNING_KEY: exportSigningKey(configured), EXPIRY_SWEEP_MS: '300' });
    try {
      expect(await signingKeys()).toEqual([
        { kid: generated.kid, private: false, retired: true },
        { kid: configured.kid, private: false, retired: false },
      ]);
      const callSecond = client(second.url);
      expect((await callSecond('POST', `/v1/me/consents/${id}/revoke`, tokens[0], { reason: 'rotation' })).status).toBe(200);
      const jwks = createLocalJWKSet((await callSecond('GET', '/.well-known/jwks.json')).body);
      const receipts = (await callSecond('GET', `/v1/me/consents/${id}/receipts`, tokens[0])).body;
      const kids = [];
      for (const r of receipts) kids.push((await compactVerify(r.jws, jwks)).protectedHeader.kid);
      expect(kids).toEqual([generated.kid, generated.kid, configured.kid]);
    } finally {
      await second.app.close();
    }
    // A rotation under way: one replica starts on a newer key, another restarts on the old one.
    const rotated = generateSigningKey();
    for (const key of [rotated, configured]) {
      const replica = await startTestService(consentRegistryService, db.url, { CONSENT_SIGNING_KEY: exportSigningKey(key), EXPIRY_SWEEP_MS: '300' });
      await replica.app.close();
    }
    expect(await signingKeys()).toEqual([
      { kid: generated.kid, private: false, retired: true },
      { kid: configured.kid, private: false, retired: true },
      { kid: rotated.kid, private: false, retired: false },
    ]);
  });

  it('makes a revocation or pause effective at once: the next read of the effective consent finds nothing', async () => {
    const id = (await request({ citizenId: ids[1] })).body.consentId;
    await call('POST', `/v1/me/consents/${id}/approve`, tokens[1], {});
    expect((await effective(1, fx.orgA.id)).status).toBe(200);
    await call('POST', `/v1/me/consents/${id}/pause`, tokens[1], {});
    expect((await effective(1, fx.orgA.id)).status).toBe(404);
    await call('POST', `/v1/me/consents/${id}/resume`, tokens[1], {});
    expect((await effective(1, fx.orgA.id)).status).toBe(200);
    await call('POST', `/v1/me/consents/${id}/revoke`, tokens[1], {});
    const after = await effective(1, fx.orgA.id);
    expect(after.status).toBe(404);
    expect(after.body.type).toBe('https://consentry.dev/problems/no-effective-consent');
  });

  it('requires a level 2 e-ID to grant, not to refuse', async () => {
    const id = (await request({ citizenId: ids[2] })).body.consentId;
    const approve = await call('POST', `/v1/me/consents/${id}/approve`, tokens[2], {});
    expect(approve.status).toBe(403);
    expect(approve.body.type).toBe('https://consentry.dev/problems/eid-level-too-low');
    expect((await call('POST', `/v1/me/consents/${id}/reject`, tokens[2], {})).body.state).toBe('REJECTED');
  });

  it('lets a citizen see and change only their own consents, and an organisation only its own', async () => {
    const id = (await request()).body.consentId;
    expect((await call('GET', `/v1/me/consents/${id}`, tokens[1])).status).toBe(404);
    expect((await call('POST', `/v1/me/consents/${id}/approve`, tokens[1], {})).status).toBe(404);
    expect((await call('GET', `/v1/consents/${id}`, fx.orgB.key)).status).toBe(404);
    expect((await call('GET', `/v1/consents/${id}`, fx.orgA.key)).status).toBe(200);
    expect((await call('GET', '/v1/consents', fx.orgB.key)).body.items.map((c: { consentId: string }) => c.consentId)).not.toContain(id);
    expect((await request({}, fx.orgNoScope.key)).status).toBe(403);
    expect((await call('GET', '/v1/me/consents', fx.orgA.key)).status).toBe(401);
    expect((await call('GET', `/v1/me/consents/not-a-uuid`, tokens[0])).body.errors[0].field).toBe('id');
  });

  it.each([
    ['an unknown field', { fields: ['fullName', 'shoeSize'] }, 'fields[1]'],
    ['an unknown purpose', { purpose: 'marketing' }, 'purpose'],
    ['an expiry in the past', { validTo: '2020-01-01T00:00:00Z' }, 'validTo'],
    // Without a zone the instant depends on the server's zone; the others Date.parse cannot read.
    ['an expiry without a time zone', { validTo: inAYear().slice(0, 19) }, 'validTo'],
    ['a start as a week date', { validFrom: '2026-W10-2' }, 'validFrom'],
    ['a start that does not exist', { validFrom: '2026-02-30T00:00:00Z' }, 'validFrom'],
    ['a request expiry in the basic format', { requestExpiresAt: '20260310T080000Z' }, 'requestExpiresAt'],
    ['a request expiry to the hour', { requestExpiresAt: '2026-03-10T08' }, 'requestExpiresAt'],
    ['a wildcard', { fields: ['*'] }, 'fields[0]'],
    ['sensitive data by category', { fields: ['sensitive'] }, 'fields[0]'],
    ['a malformed ID number', { citizenId: '12345' }, 'citizenId'],
    ['an ID number born after the current year', { citizenId: encodeIdNumber({ provinceCode: '001', sex: 'female', birthYear: thisYear + 1, serial: 9 }) }, 'citizenId'],
    ['an unknown property', { admin: true }, 'admin'],
    ['a wrong type', { dataLifeDays: 'thirty' }, 'dataLifeDays'],
  ])('rejects %s with a 400 naming the field and writes nothing', async (_, change, field) => {
    const before = (await sql(`SELECT count(*)::int AS n FROM consent.consents`))[0].n;
    const res = await request(change);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect((await sql(`SELECT count(*)::int AS n FROM consent.consents`))[0].n).toBe(before);
  });

  it('takes a request for a citizen born this year', async () => {
    const res = await request({ citizenId: encodeIdNumber({ provinceCode: '001', sex: 'female', birthYear: thisYear, serial: 9 }) });
    expect([res.status, res.body.state]).toEqual([201, 'PENDING']);
  });

  it('keeps a history that explains the state when approve, pause and revoke race', async () => {
    for (let round = 0; round < 8; round++) {
      const id = (await request()).body.consentId;
      const actions = ['approve', 'revoke', 'pause', 'reject', 'approve'];
      const results = await Promise.all(actions.map((a) => call('POST', `/v1/me/consents/${id}/${a}`, tokens[0], {})));
      expect(results.filter((r) => r.status !== 200 && r.status !== 409).map((r) => [r.status, r.body])).toEqual([]);
      const history = (await call('GET', `/v1/me/consents/${id}`, tokens[0])).body.history;
      expect(history.map((h: { sequence: number }) => h.sequence)).toEqual(history.map((_: unknown, i: number) => i + 1));
      for (let i = 1; i < history.length; i++) expect(history[i].fromState).toBe(history[i - 1].toState);
      const detail = (await call('GET', `/v1/me/consents/${id}`, tokens[0])).body;
      expect(detail.state).toBe(history[history.length - 1].toState);
      expect(results.filter((r) => r.status === 200)).toHaveLength(history.length - 1);
    }
  });

  it('expires a request nobody answered: silence is never consent', async () => {
    const res = await request({ requestExpiresAt: new Date(Date.now() + 800).toISOString() });
    const id = res.body.consentId;
    const expired = await waitFor(async () => {
      const c = await call('GET', `/v1/consents/${id}`, fx.orgA.key);
      return c.body.state === 'EXPIRED' && c.body;
    }, 15_000, 'the request to expire');
    expect(expired.state).toBe('EXPIRED');
    const history = (await call('GET', `/v1/consents/${id}/history`, fx.orgA.key)).body;
    expect(history[1]).toMatchObject({ action: 'expire', by: 'system', fromState: 'PENDING' });
  });

  it('lists, per category of data, every organisation currently allowed to see it, paginated without gaps', async () => {
    const granted: string[] = [];
    for (const [key, fields] of [[fx.orgA.key, ['fullName', 'religion']], [fx.orgB.key, ['fullName']], [fx.orgB.key, ['religion', 'ethnicity']]] as const) {
      const id = (await request({ citizenId: ids[1], fields }, key)).body.consentId;
      await call('POST', `/v1/me/consents/${id}/approve`, tokens[1], {});
      granted.push(id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { consentId: string; fields: string[] }[]; nextCursor: string | null } } = await call(
        'GET', `/v1/me/data-access?category=sensitive&limit=1${cursor ? `&cursor=${cursor}` : ''}`, tokens[1]);
      for (const item of page.body.items) {
        seen.push(item.consentId);
        expect(item.fields.length).toBeGreaterThan(0);
      }
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual([granted[0], granted[2]].sort());
    const basic = await call('GET', '/v1/me/data-access?category=basic', tokens[1]);
    expect(basic.body.items.map((i: { consentId: string }) => i.consentId)).toEqual(expect.arrayContaining([granted[0], granted[1]]));
    expect((await call('GET', '/v1/me/data-access?category=everything', tokens[1])).body.errors[0].field).toBe('category');
  });

  it('refuses a cursor none of its lists issued with a 400 naming it, instead of starting again at the first page', async () => {
    const forged = [
      Buffer.from(JSON.stringify(['2026-02-30T00:00:00.000Z', '00000000-0000-4000-8000-000000000000'])).toString('base64url'),
      Buffer.from(JSON.stringify(['2026-01-01T00:00:00.000Z', 'not-a-uuid'])).toString('base64url'),
      Buffer.from(JSON.stringify(['2026-01-01T00:00:00.000Z'])).toString('base64url'),
      'not a cursor',
    ];
    for (const cursor of forged) {
      for (const [path, token] of [['/v1/me/consents', tokens[1]], ['/v1/me/data-access?category=basic', tokens[1]], ['/v1/consents', fx.orgA.key]] as const) {
        const res = await call('GET', `${path}${path.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}`, token);
        expect([path, res.status, res.body.errors]).toEqual([path, 400, [{ field: 'cursor', message: 'is not a cursor from this list' }]]);
      }
    }
    // A cursor it issued still pages on.
    const first = await call('GET', '/v1/me/consents?limit=1', tokens[1]);
    expect((await call('GET', `/v1/me/consents?limit=1&cursor=${first.body.nextCursor}`, tokens[1])).status).toBe(200);
  });

  it('refuses to rewrite or delete history, even with direct SQL', async () => {
    await expect(sql(`UPDATE consent.transitions SET to_state = 'ACTIVE'`)).rejects.toThrow(/append-only/);
    await expect(sql(`DELETE FROM consent.consents`)).rejects.toThrow(/append-only/);
  });

  it('sends every transition to the audit log as a consent-change event, once per transition', async () => {
    const id = (await request()).body.consentId;
    await call('POST', `/v1/me/consents/${id}/approve`, tokens[0], { fields: ['fullName'] });
    const events = await waitFor(async () => {
      const mine = await queuedEventsOf(id);
      return mine.length === 2 && mine;
    }, 10_000, 'the consent-change events');
    expect(events.map((e) => e.reasonCode)).toEqual(['CONSENT_REQUEST', 'CONSENT_APPROVE']);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(2);
    expect(JSON.stringify(events)).not.toContain(ids[0]);
  });

  it('streams consent events for other services, each once, and names a bad position', async () => {
    const events = (await call('GET', '/v1/internal/consent-events?after=0&limit=1000', operatorToken)).body;
    const positions = events.map((e: { id: string }) => e.id);
    expect(new Set(positions).size).toBe(positions.length);
    expect(events.length).toBeGreaterThan(10);
    const rest = (await call('GET', `/v1/internal/consent-events?after=${positions[4]}&limit=1000`, operatorToken)).body;
    expect(rest.map((e: { id: string }) => e.id)).toEqual(positions.slice(5));
    const unknown = await call('GET', '/v1/internal/consent-events?after=999999999', operatorToken);
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].field).toBe('after');
    expect((await call('GET', '/v1/internal/consent-events', tokens[0])).status).toBe(403);
  });

  it('streams and audits in commit order: a transition committed after one with a higher id is missed by neither the feed nor the relay', async () => {
    const feed = async (after: string) => (await call('GET', `/v1/internal/consent-events?after=${after}&limit=1000`, operatorToken)).body as { id: string; consentId: string }[];
    const all = await feed('0');
    const start = all[all.length - 1].id;
    const late = (await request()).body.consentId as string;

    // A consent change whose transaction takes its transition id first and commits last. On a
    // real server the registry meanwhile commits another change (a higher id). The embedded
    // database runs one transaction at a time, so there it commits first: ids follow commits.
    const pg = new Client({ connectionString: db.url });
    await pg.connect();
    try {
      await pg.query('BEGIN');
      const [{ id: lateId }] = (
        await pg.query(
          `INSERT INTO consent.transitions (consent_id, sequence, action, from_state, to_state, granted_fields, actor_kind, actor_id, at, receipt_id, receipt_jws)
           VALUES ($1, 2, 'reject', 'PENDING', 'REJECTED', '{}', 'citizen', 'slow-commit', now(), gen_random_uuid(), 'test') RETURNING id`,
          [late],
        )
      ).rows;
      if (db.embedded) await pg.query('COMMIT');
      const other = (await request()).body.consentId as string;
      const first = await feed(start);
      if (!db.embedded) {
        // The relay runs every second: let it pass while the slow transaction is open.
        await new Promise((r) => setTimeout(r, 1500));
        await pg.query('COMMIT');
      }
      const second = await feed(first.length ? first[first.length - 1].id : start);
      const seen = [...first, ...second].map((e) => e.id);
      const otherIds = [...first, ...second].filter((e) => e.consentId === other).map((e) => e.id);
      expect(seen).toContain(lateId);
      expect(otherIds).toHaveLength(1);
      // Each event once, the late one before the other consent's.
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.indexOf(lateId)).toBeLessThan(seen.indexOf(otherIds[0]));
    } finally {
      await pg.end();
    }

    await waitFor(async () => (await queuedEventsOf(late)).some((e) => e.reasonCode === 'CONSENT_REJECT'), 10_000, 'the late transition on the audit queue');
  });

  describe('webhooks', () => {
    let receiver: Server;
    let received: { body: string; signature: string }[] = [];
    let failing = true;

    beforeAll(async () => {
      receiver = createServer((req: IncomingMessage, res) => {
        let body = '';
        req.on('data', (d) => (body += d));
        req.on('end', () => {
          if (failing) {
            res.statusCode = 500;
          } else {
            received.push({ body, signature: String(req.headers['consentry-signature']) });
            res.statusCode = 204;
          }
          res.end();
        });
      });
      await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    });
    afterAll(() => new Promise((r) => receiver.close(r)));

    it('signs each state change, retries with back-off, dead-letters, and replays on request', async () => {
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
      const set = await call('PUT', '/v1/webhook-endpoint', fx.orgB.key, { url });
      expect(set.status).toBe(200);
      const secret: string = set.body.secret;

      const id = (await request({ citizenId: ids[0] }, fx.orgB.key)).body.consentId;
      const dead = await waitFor(async () => {
        const list = await call('GET', '/v1/webhook-deliveries?status=dead', fx.orgB.key);
        return list.body.length > 0 && list.body[0];
      }, 20_000, 'the delivery to be dead-lettered');
      expect(dead.attempts).toBe(3);
      expect(dead.lastError).toBe('HTTP 500');

      failing = false;
      expect((await call('POST', `/v1/webhook-deliveries/${dead.id}/replay`, fx.orgB.key)).status).toBe(202);
      expect((await call('POST', `/v1/webhook-deliveries/${dead.id}/replay`, fx.orgA.key)).status).toBe(404);
      await waitFor(async () => received.length > 0, 10_000, 'the replayed delivery');

      await call('POST', `/v1/me/consents/${id}/approve`, tokens[0], {});
      await waitFor(async () => received.length > 1, 10_000, 'the approval webhook');
      for (const r of received) {
        const [t, v1] = r.signature.split(',').map((part) => part.split('=')[1]);
        expect(v1).toBe(createHmac('sha256', secret).update(`${t}.${r.body}`).digest('hex'));
      }
      const states = received.map((r) => JSON.parse(r.body).data.toState);
      expect(states).toEqual(['PENDING', 'ACTIVE']);
      expect(received.every((r) => !r.body.includes(ids[0]))).toBe(true);
      received = [];
    });
  });
});

describe('consent registry webhooks without WEBHOOK_ALLOW_PRIVATE_DESTINATIONS (the default)', () => {
  let db: TestDatabase;
  let service: RunningService;
  let fx: Fixtures;
  let call: ReturnType<typeof client>;
  let receiver: Server;
  let port: number;
  let connections = 0;

  beforeAll(async () => {
    // A database of its own: the other service's sweeper would send these deliveries, allowed.
    db = await startTestDatabase();
    service = await startTestService(consentRegistryService, db.url, { WEBHOOK_MAX_ATTEMPTS: '2', WEBHOOK_BACKOFF_MS: '50' });
    call = client(service.url);
    fx = await seedFixtures(db.url, ids);
    receiver = createServer((_req, res) => res.writeHead(204).end());
    receiver.on('connection', () => (connections += 1));
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    port = (receiver.address() as AddressInfo).port;
    const operatorToken = (await call('POST', '/v1/auth/token', undefined, { username: 'op', password: 'op-pw' })).body.accessToken;
    await call('POST', '/v1/purposes', operatorToken, {
      code: 'account-opening',
      title: 'Open a bank account',
      description: 'Know-your-customer checks when opening an account',
      legalText: 'Law on Credit Institutions 2024, art. 12',
    });
  });
  afterAll(async () => {
    await new Promise((r) => receiver?.close(r));
    await service?.app.close();
    await db?.stop();
  });

  it.each([
    ['http://127.0.0.1:PORT/hook', 'must use https'],
    ['http://169.254.169.254/latest/meta-data/', 'must use https'],
    ['http://[::1]/', 'must use https'],
    ['https://127.0.0.1:PORT/hook', 'must point to a public address (127.0.0.1 is loopback)'],
    ['https://169.254.169.254/latest/meta-data/', 'must point to a public address (169.254.169.254 is link-local)'],
    ['https://[::1]/', 'must point to a public address (::1 is loopback)'],
    ['https://10.0.0.8:6379/', 'must point to a public address (10.0.0.8 is private)'],
    ['https://[::ffff:127.0.0.1]/', 'must point to a public address (::ffff:7f00:1 is loopback)'],
    ['https://user:pw@bank.example/hook', 'must not contain a user name or password'],
    // The DTO's URL syntax check already refuses these two; the destination check would too.
    ['https://2130706433:PORT/', expect.any(String)],
    ['https://localhost./hook', expect.any(String)],
  ])('refuses to register %s with a 400 naming the field: %s', async (template, message) => {
    const res = await call('PUT', '/v1/webhook-endpoint', fx.orgA.key, { url: template.replace('PORT', String(port)) });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.errors).toEqual([{ field: 'url', message }]);
    expect(connections).toBe(0);
  });

  it('sends nothing to a stored loopback URL or to a name that resolves to a local address', async () => {
    // A URL registered before the check existed.
    const pg = new Client({ connectionString: db.url });
    await pg.connect();
    try {
      await pg.query(`INSERT INTO consent.webhook_endpoints (organisation_id, url, secret) VALUES ($1, $2, 'whsec_old')`, [fx.orgA.id, `http://127.0.0.1:${port}/hook`]);
    } finally {
      await pg.end();
    }
    // This machine's name passes registration (https, a name) and resolves, here, to loopback or a private address.
    const own = await lookup(hostname(), { all: true }).catch(() => []);
    const local = own.length > 0 && own.every((a) => classifyIpAddress(a.address) !== 'public');
    if (local) {
      expect((await call('PUT', '/v1/webhook-endpoint', fx.orgB.key, { url: `https://${hostname()}:${port}/hook` })).status).toBe(200);
    } else {
      console.warn(`${hostname()} does not resolve to local addresses only (${JSON.stringify(own)}): only the stored URL is tested`);
    }
    const orgs = local ? [fx.orgA, fx.orgB] : [fx.orgA];
    for (const org of orgs) {
      const req = await call('POST', '/v1/consent-requests', org.key, {
        citizenId: ids[0], purpose: 'account-opening', fields: ['fullName'], operations: ['verify'],
        frequency: { limit: 1, period: 'month' }, validTo: new Date(Date.now() + 86_400_000).toISOString(), dataLifeDays: 1,
      });
      expect(req.status).toBe(201);
      const dead = await waitFor(async () => (await call('GET', '/v1/webhook-deliveries?status=dead', org.key)).body[0], 20_000, 'the refused delivery to die');
      expect(dead).toMatchObject({ attempts: 2, lastError: 'destination not allowed', deliveredAt: null });
    }
    expect(connections).toBe(0);
  });
});
