import { spawnEntry } from '@consentry/shared-testing';

// A service started on its own validates its configuration before doing anything else.
describe('query-gateway start-up configuration', () => {
  const base = { PATH: process.env['PATH'], HOME: process.env['HOME'] };

  it('stops with a message naming each missing or invalid variable', async () => {
    const run = spawnEntry('apps/query-gateway/src/main.ts', {
      ...base,
      DATABASE_URL: 'mysql://nope',
      QUERY_GATEWAY_PORT: 'eighty',
      PSEUDONYM_KEY: 'short',
    });
    expect(await run.exited).toBe(1);
    const out = run.output();
    expect(out).toContain('DATABASE_URL: must be a URL starting with postgres:// or postgresql://');
    expect(out).toContain('QUERY_GATEWAY_PORT');
    expect(out).toContain('AUTH_TOKEN_SECRET');
    expect(out).toContain('PSEUDONYM_KEY: must be at least 32 characters');
    expect(out).not.toMatch(/\n\s+at /); // no stack trace
  });
});
