import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SpawnedProcess, spawnEntry, waitFor, json } from '@consentry/shared-testing';

// `npm start` on a fresh machine: the embedded database (even when CI has DATABASE_URL set),
// four services, a demo dataset, printed credentials; a clean stop; a restart keeps the data.
describe('platform (npm start) on the embedded database', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'consentry-platform-'));
  const ports = { CONSENT_REGISTRY_PORT: 13101, POLICY_ENGINE_PORT: 13102, QUERY_GATEWAY_PORT: 13103, AUDIT_LOG_PORT: 13104 };
  const env = {
    PATH: process.env['PATH'],
    HOME: process.env['HOME'],
    CONSENTRY_DATA_DIR: dataDir,
    EMBEDDED_DB_PORT: '0',
    DEMO_CITIZENS: '500',
    ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
  };
  let platform: SpawnedProcess | undefined;

  afterAll(async () => {
    if (platform && platform.child.exitCode === null) {
      platform.child.kill('SIGKILL');
      await platform.exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  const allReady = () =>
    Promise.all(Object.values(ports).map((p) => fetch(`http://127.0.0.1:${p}/health/ready`).then((r) => r.status === 200))).then((all) =>
      all.every(Boolean),
    );

  it('brings all four services to ready within 90 seconds and prints the demo credentials', async () => {
    const started = Date.now();
    platform = spawnEntry('apps/platform/src/main.ts', env);
    await waitFor(allReady, 90_000, 'all four services ready');
    await waitFor(async () => platform!.output().includes('Consentry is running.'), 30_000, 'the start-up summary');
    console.log(`platform ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const credentialsFile = path.join(dataDir, 'demo-credentials.json');
    expect(platform.output()).toContain(credentialsFile);
    expect(statSync(credentialsFile).mode & 0o777).toBe(0o600);
    const credentials = JSON.parse(readFileSync(credentialsFile, 'utf8'));

    const bank = credentials.organisations[0];
    const me = await fetch(`http://127.0.0.1:${ports.QUERY_GATEWAY_PORT}/v1/organisations/me`, { headers: { authorization: `Bearer ${bank.apiKey}` } });
    expect(me.status).toBe(200);
    expect((await json(me)).name).toBe(bank.name);
    const keys = await fetch(`http://127.0.0.1:${ports.QUERY_GATEWAY_PORT}/v1/organisations/me/api-keys`, { headers: { authorization: `Bearer ${bank.apiKey}` } });
    expect(keys.status).toBe(200);
    expect((await json(keys)).items).toEqual([expect.objectContaining({ prefix: bank.apiKey.slice(0, 16), status: 'live' })]);

    const citizen = credentials.citizens[0];
    const login = await fetch(`http://127.0.0.1:${ports.CONSENT_REGISTRY_PORT}/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: citizen.username, password: citizen.password }),
    });
    expect(login.status).toBe(200);
    const { accessToken } = await json(login);
    const pending = await fetch(`http://127.0.0.1:${ports.CONSENT_REGISTRY_PORT}/v1/me/consents?state=PENDING`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    const request = (await json(pending)).items[0];
    expect(request).toMatchObject({ purpose: 'account-opening', sensitiveFields: ['religion'] });

    // The quick start's story: the citizen approves part of the request, the bank verifies, pays.
    const approve = await fetch(`http://127.0.0.1:${ports.CONSENT_REGISTRY_PORT}/v1/me/consents/${request.consentId}/approve`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ fields: ['fullName', 'dateOfBirth'] }),
    });
    expect(approve.status).toBe(200);
    const verification = await fetch(`http://127.0.0.1:${ports.QUERY_GATEWAY_PORT}/v1/verifications`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bank.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ citizenId: citizen.username, purpose: 'account-opening', claims: { fullName: citizen.fullName, dateOfBirth: '2000-01-01' } }),
    });
    expect(verification.status).toBe(200);
    const verified = await json(verification);
    expect(verified.results.fullName).toBe('match');
    expect(verified.charge).toMatchObject({ product: 'SPDC01', amountVnd: '2000' });
    const balance = await json(await fetch(`http://127.0.0.1:${ports.QUERY_GATEWAY_PORT}/v1/balance`, { headers: { authorization: `Bearer ${bank.apiKey}` } }));
    expect(balance.balanceVnd).toBe('4998000');

    // The answer reaches the audit log through the outbox and the queue; the citizen sees it, with its proof.
    const visible = await waitFor(async () => {
      const page = await json(await fetch(`http://127.0.0.1:${ports.AUDIT_LOG_PORT}/v1/citizen/accesses`, { headers: { authorization: `Bearer ${accessToken}` } }));
      const entry = page.items?.find((e: { requestId: string; inclusion: unknown }) => e.requestId === verified.requestId && e.inclusion);
      return entry;
    }, 20_000, 'the access to show in the citizen\'s log with a proof');
    expect(visible).toMatchObject({ operation: 'verify', decision: 'allow', fields: ['fullName', 'dateOfBirth'], fee: { amountVnd: '2000' } });

    // Every operation of every service documents the body of its success answer (a 204 has none),
    // and its error answers as problem+json: those it lists, a `default` for the rest, and a 401
    // where it asks for a bearer token. Each of those is called without a token (it must answer
    // 401), and as a citizen, a regulator, an operator and an organisation: every answer but a 400
    // (the default's) must be listed, so a role's or a scope's 403 cannot go undocumented.
    const signIn = async (username: string, password: string) =>
      (await json(await fetch(`http://127.0.0.1:${ports.CONSENT_REGISTRY_PORT}/v1/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      }))).accessToken as string;
    const callers: Record<string, string | undefined> = { anonymous: undefined, citizen: accessToken, organisation: bank.apiKey };
    for (const staff of credentials.staff) callers[staff.role] = await signIn(staff.username, staff.password);
    expect(Object.keys(callers)).toEqual(['anonymous', 'citizen', 'organisation', 'regulator', 'operator']);
    type Answer = { content?: Record<string, { schema?: { $ref?: string } }> };
    type Operation = { responses?: Record<string, Answer>; security?: unknown[] };
    const undocumented: string[] = [];
    let secured = 0;
    for (const [service, port] of Object.entries(ports)) {
      const docs = await fetch(`http://127.0.0.1:${port}/docs/json`);
      expect(docs.status).toBe(200);
      const document: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, { properties?: object }> } } = await json(docs);
      const isProblem = (answer: Answer) => {
        const media = Object.entries(answer.content ?? {});
        const schema = document.components.schemas[media[0]?.[1].schema?.$ref?.split('/').pop() ?? ''];
        return media.length === 1 && media[0][0] === 'application/problem+json' && ['type', 'title', 'status'].every((key) => key in (schema?.properties ?? {}));
      };
      for (const [route, operations] of Object.entries(document.paths)) {
        for (const [method, operation] of Object.entries(operations)) {
          const name = `${service}: ${method.toUpperCase()} ${route}`;
          const responses = Object.entries(operation.responses ?? {});
          const success = responses.filter(([code]) => code.startsWith('2'));
          if (!success.some(([code, answer]) => code === '204' || Object.values(answer.content ?? {}).some((media) => media.schema !== undefined))) undocumented.push(`${name}: success body`);
          for (const [code, answer] of responses) if ((/^[45]/.test(code) || code === 'default') && !isProblem(answer)) undocumented.push(`${name}: ${code} not problem+json`);
          if (!operation.responses?.['default']) undocumented.push(`${name}: no default`);
          if (!operation.security?.length) continue;
          secured++;
          if (!operation.responses?.['401']) undocumented.push(`${name}: no 401`);
          for (const [caller, token] of Object.entries(callers)) {
            const answer = await fetch(`http://127.0.0.1:${port}${route.replace(/\{[^}]+\}/g, '1')}`, {
              method: method.toUpperCase(),
              headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(method === 'get' ? {} : { 'content-type': 'application/json' }) },
              ...(method === 'get' ? {} : { body: '{}' }),
            });
            await answer.arrayBuffer();
            const problem = answer.headers.get('content-type')?.startsWith('application/problem+json');
            if (!token && (answer.status !== 401 || !problem)) undocumented.push(`${name}: answered ${answer.status} without a token`);
            if (answer.status >= 400 && !problem) undocumented.push(`${name}: answered ${caller} ${answer.status} not as problem+json`);
            if (answer.status !== 400 && !(String(answer.status) in operation.responses!)) undocumented.push(`${name}: answered ${caller} an unlisted ${answer.status}`);
          }
        }
      }
    }
    expect(undocumented).toEqual([]);
    expect(secured).toBeGreaterThan(100);
    // Logs are JSON lines and never carry a citizen's ID number or name.
    const logLines = platform.output().split('\n').filter((l) => l.startsWith('{'));
    expect(logLines.length).toBeGreaterThan(0);
    for (const line of logLines) expect(() => JSON.parse(line)).not.toThrow();
    const logs = logLines.join('\n');
    expect(logs).not.toContain(citizen.username);
    expect(logs).not.toContain(citizen.fullName);
  }, 150_000);

  it('stops cleanly on SIGTERM', async () => {
    platform!.child.kill('SIGTERM');
    expect(await platform!.exited).toBe(0);
    expect(platform!.output()).toContain('shutdown complete');
  }, 30_000);

  it('restarts on the same data without seeding again and keeps the credentials working', async () => {
    const credentials = JSON.parse(readFileSync(path.join(dataDir, 'demo-credentials.json'), 'utf8'));
    platform = spawnEntry('apps/platform/src/main.ts', env);
    await waitFor(allReady, 90_000, 'all four services ready after restart');
    await waitFor(async () => platform!.output().includes('Consentry is running.'), 30_000, 'the start-up summary');
    expect(platform.output()).not.toContain('demo dataset seeded');
    const me = await fetch(`http://127.0.0.1:${ports.QUERY_GATEWAY_PORT}/v1/organisations/me`, {
      headers: { authorization: `Bearer ${credentials.organisations[1].apiKey}` },
    });
    expect(me.status).toBe(200);
    platform.child.kill('SIGTERM');
    expect(await platform.exited).toBe(0);
  }, 150_000);
});
