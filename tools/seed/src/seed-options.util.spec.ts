import { DEFAULT_BATCH_SIZE, DEFAULT_SEED, parseSeedOptions } from './seed-options.util';

const URL = 'postgres://root@127.0.0.1:5432/test';
const problemsOf = (argv: string[], env: Record<string, string | undefined> = {}) => {
  const parsed = parseSeedOptions(argv, env);
  return parsed.ok ? [] : parsed.problems.map((p) => `${p.source} ${p.message}`);
};

describe('parseSeedOptions', () => {
  it('reads every option, with DATABASE_URL as the default URL', () => {
    expect(parseSeedOptions(['--count', '1000000', '--seed', '7', '--batch', '2000'], { DATABASE_URL: URL })).toEqual({
      ok: true,
      help: false,
      options: { url: URL, count: 1_000_000, seed: 7, batchSize: 2000 },
    });
    expect(parseSeedOptions(['--count=5', '--database-url', 'postgresql://x/y'], { DATABASE_URL: URL })).toMatchObject({
      options: { url: 'postgresql://x/y', count: 5, seed: DEFAULT_SEED, batchSize: DEFAULT_BATCH_SIZE },
    });
  });

  it('names the missing option or variable', () => {
    expect(problemsOf(['--count', '10'])).toEqual(['--database-url is required: pass --database-url or set DATABASE_URL']);
    expect(problemsOf([], { DATABASE_URL: URL })).toEqual(['--count is required']);
  });

  it('names each invalid value, and never echoes a URL', () => {
    expect(problemsOf(['--count', '0', '--seed=-1', '--batch', 'lots'], { DATABASE_URL: URL })).toEqual([
      '--count must be a whole number from 1 to 268,435,456',
      '--seed must be a whole number from 0 to 9,007,199,254,740,991',
      '--batch must be a whole number from 1 to 100,000',
    ]);
    expect(problemsOf(['--count', '1.5'], { DATABASE_URL: URL })).toEqual(['--count must be a whole number from 1 to 268,435,456']);
    const secret = 'mysql://admin:hunter2@db/x';
    expect(problemsOf(['--count', '1'], { DATABASE_URL: secret })).toEqual([
      'DATABASE_URL must be a URL starting with postgres:// or postgresql://',
    ]);
    expect(problemsOf(['--count', '1', '--database-url', 'not a url'])).toEqual([
      '--database-url must be a URL starting with postgres:// or postgresql://',
    ]);
  });

  it('rejects unknown options and asks for help on --help', () => {
    expect(problemsOf(['--count', '1', '--sede', '4'], { DATABASE_URL: URL })[0]).toMatch(/^command line .*--sede/);
    expect(parseSeedOptions(['--help'], {})).toEqual({ ok: true, help: true });
  });
});
