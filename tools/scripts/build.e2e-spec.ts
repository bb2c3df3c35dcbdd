import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { TEST_SECRETS, TestDatabase, WORKSPACE_ROOT, json, startTestDatabase, waitFor } from '@consentry/shared-testing';

// `npm run build` compiles ahead of time what the register hook compiles in process; a service
// run from the output must start, answer and describe its API as the source does (the OpenAPI
// document needs the decorator metadata the compiler emits).
describe('ahead-of-time build (tools/scripts/build.cjs)', () => {
  const out = path.join('tmp', `build-${randomBytes(4).toString('hex')}`);
  let db: TestDatabase;

  beforeAll(async () => {
    db = await startTestDatabase();
  }, 60_000);
  afterAll(async () => {
    await db?.stop();
    rmSync(path.join(WORKSPACE_ROOT, out), { recursive: true, force: true });
  });

  it('builds every app and a built query gateway serves health and its OpenAPI document', async () => {
    execFileSync(process.execPath, [path.join(WORKSPACE_ROOT, 'tools/scripts/build.cjs'), out], { cwd: WORKSPACE_ROOT });
    for (const app of ['platform', 'query-gateway', 'consent-registry', 'policy-engine', 'audit-log']) expect(existsSync(path.join(WORKSPACE_ROOT, out, 'apps', app, 'src', 'main.js'))).toBe(true);
    expect(existsSync(path.join(WORKSPACE_ROOT, out, 'apps', 'query-gateway', 'src', 'access.e2e-spec.js'))).toBe(false);

    const port = 20000 + Math.floor(Math.random() * 20000);
    const child = spawn(process.execPath, [path.join(WORKSPACE_ROOT, out, 'apps/query-gateway/src/main.js')], {
      cwd: WORKSPACE_ROOT,
      env: { PATH: process.env['PATH'], HOME: process.env['HOME'], DATABASE_URL: db.url, ...TEST_SECRETS, QUERY_GATEWAY_PORT: String(port), LOG_LEVEL: 'warn', QUEUE_PREFIX: `b${randomBytes(3).toString('hex')}` } as NodeJS.ProcessEnv,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let errors = '';
    child.stderr?.on('data', (d) => (errors += d));
    try {
      await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/health/ready`)).status === 200, 60_000, `the built gateway to be ready (${errors})`);
      const document = await json(await fetch(`http://127.0.0.1:${port}/docs/json`));
      const verify = document.paths['/v1/verifications']?.post;
      expect(verify?.requestBody).toBeDefined();
      // Property metadata of the DTO survived compilation: the schema names its fields.
      const schemaName = String(verify.requestBody.content['application/json'].schema.$ref).split('/').pop() as string;
      expect(Object.keys(document.components.schemas[schemaName].properties)).toEqual(expect.arrayContaining(['citizenId', 'purpose', 'claims']));
      expect((await fetch(`http://127.0.0.1:${port}/v1/verifications`, { method: 'POST' })).status).toBe(401);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  }, 120_000);
});
