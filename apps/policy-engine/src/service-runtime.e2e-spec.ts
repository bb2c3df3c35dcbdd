import { policyEngineService } from '@consentry/policy-feature';
import { RunningService } from '@consentry/shared-runtime';
import { TestDatabase, startTestDatabase, startTestService, json } from '@consentry/shared-testing';

// The conventions every service shares (health, metrics, OpenAPI, problem+json), exercised
// through one real service over HTTP.
describe('service runtime (policy-engine)', () => {
  let db: TestDatabase;
  let service: RunningService;

  beforeAll(async () => {
    db = await startTestDatabase();
    service = await startTestService(policyEngineService, db.url);
  });
  afterAll(async () => {
    await service?.app.close();
    await db?.stop();
  });

  const get = (path: string, init?: RequestInit) => fetch(service.url + path, init);

  it('is live and ready, with the database and queue checked', async () => {
    expect(await json(await get('/health/live'))).toEqual({ status: 'ok' });
    const ready = await get('/health/ready');
    expect(ready.status).toBe(200);
    expect(await json(ready)).toEqual({ status: 'ok', checks: { database: 'up', queue: 'up' } });
  });

  it('serves Prometheus metrics, counting requests by route template', async () => {
    await get('/v1/fields');
    const text = await (await get('/metrics')).text();
    expect(text).toMatch(/http_requests_total\{method="GET",route="\/v1\/fields",status="200",service="policy-engine"\} \d+/);
    expect(text).toContain('process_resident_memory_bytes');
  });

  it('publishes its OpenAPI document and the Swagger UI', async () => {
    const doc = await json(await get('/docs/json'));
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/health/live', '/health/ready', '/v1/fields']));
    const ui = await get('/docs');
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
  });

  it('answers an unknown route with a problem+json 404', async () => {
    const res = await get('/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const body = await json(res);
    expect(body).toMatchObject({ type: 'https://consentry.dev/problems/not-found', status: 404 });
    expect(body.requestId).toBe(res.headers.get('x-request-id'));
  });

  it('refuses a body over the size limit with a problem+json 413', async () => {
    const res = await get('/v1/fields', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pad: 'x'.repeat(1_100_000) }) });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect((await json(res)).type).toBe('https://consentry.dev/problems/payload-too-large');
  });

  it('keeps a well-formed caller request id and replaces a hostile one', async () => {
    expect((await get('/health/live', { headers: { 'x-request-id': 'abc-123' } })).headers.get('x-request-id')).toBe('abc-123');
    const hostile = (await get('/health/live', { headers: { 'x-request-id': 'a b;<script>' } })).headers.get('x-request-id');
    expect(hostile).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reports readiness down (503 problem) when the database goes away', async () => {
    const other = await startTestDatabase();
    const doomed = await startTestService(policyEngineService, other.url);
    try {
      await other.stop();
      const res = await fetch(doomed.url + '/health/ready');
      expect(res.status).toBe(503);
      const body = await json(res);
      expect(body.type).toBe('https://consentry.dev/problems/not-ready');
      expect(body.checks.database).toBe('down');
      expect((await fetch(doomed.url + '/health/live')).status).toBe(200);
    } finally {
      await doomed.app.close().catch(() => undefined);
    }
  });
});
