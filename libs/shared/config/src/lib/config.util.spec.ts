import { z } from 'zod';
import { ConfigError, loadConfig, portVar, urlVar } from './config.util';
import { commonEnvSchema } from './common-env.schema';

const validEnv = {
  DATABASE_URL: 'postgres://u@localhost:5432/db',
  AUTH_TOKEN_SECRET: 'x'.repeat(32),
  PSEUDONYM_KEY: 'y'.repeat(32),
};

describe('loadConfig', () => {
  it('returns typed values with defaults applied', () => {
    const config = loadConfig(commonEnvSchema, validEnv);
    expect(config.LOG_LEVEL).toBe('info');
    expect(config.DATABASE_POOL_SIZE).toBe(10);
    expect(config.REDIS_URL).toBeUndefined();
  });

  it('names every missing or bad variable in one error', () => {
    const attempt = () =>
      loadConfig(commonEnvSchema, { DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', AUTH_TOKEN_SECRET: 'short' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const variables = (error as ConfigError).problems.map((p) => p.variable).sort();
      expect(variables).toEqual(['AUTH_TOKEN_SECRET', 'DATABASE_URL', 'LOG_LEVEL', 'PSEUDONYM_KEY']);
      expect((error as Error).message).toContain('DATABASE_URL: must be a URL starting with postgres:// or postgresql://');
    }
  });

  it('rejects ports out of range and non-numeric ports', () => {
    const schema = z.object({ PORT: portVar(3000) });
    expect(loadConfig(schema, {}).PORT).toBe(3000);
    expect(() => loadConfig(schema, { PORT: '70000' })).toThrow(/PORT: must be between 0 and 65535/);
    expect(() => loadConfig(schema, { PORT: 'abc' })).toThrow(/PORT/);
  });

  it('accepts only the listed URL protocols', () => {
    const schema = z.object({ URL: urlVar(['redis:']) });
    expect(loadConfig(schema, { URL: 'redis://127.0.0.1:6379' }).URL).toBe('redis://127.0.0.1:6379');
    expect(() => loadConfig(schema, { URL: 'not a url' })).toThrow(/URL: must be a URL/);
  });
});
