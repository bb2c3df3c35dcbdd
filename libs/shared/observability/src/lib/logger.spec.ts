import { JsonLogger, createLogger, scrubLogFields, scrubText } from './logger';

const ID = '001090012345';

/** A logger writing into an array of parsed lines. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger('test', 'debug', { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines, text: () => JSON.stringify(lines) };
}

describe('scrubText', () => {
  it.each([
    [`citizen ${ID} asked`, 'citizen [id-number] asked'],
    [`id${ID}`, 'id[id-number]'],
    [`(${ID})=`, '([id-number])='],
    [`${ID}_x`, '[id-number]_x'],
  ])('masks a 12-digit ID number in %j', (input, expected) => {
    expect(scrubText(input)).toBe(expected);
  });

  it.each(['12345678901', '1234567890123', '2026-11-24T10:00:00.123Z'])('leaves other digit runs alone: %j', (input) => {
    expect(scrubText(input)).toBe(input);
  });
});

describe('scrubLogFields', () => {
  it('redacts personal keys at any depth and in any letter case', () => {
    const deep = { a: { b: { c: { d: { e: { citizenId: ID, CLAIMS: { fullName: 'Nguyễn Văn A' }, keep: 'ok' } } } } } };
    expect(scrubLogFields(deep)).toEqual({ a: { b: { c: { d: { e: { citizenId: '[redacted]', CLAIMS: '[redacted]', keep: 'ok' } } } } } });
  });

  it('masks ID numbers in strings inside objects and arrays', () => {
    expect(scrubLogFields({ detail: [`row ${ID}`, { why: `key ${ID}` }], n: 7 })).toEqual({ detail: ['row [id-number]', { why: 'key [id-number]' }], n: 7 });
  });

  it('turns errors into type, message, stack and code, masked', () => {
    const error = Object.assign(new Error(`duplicate key (citizen)=(${ID})`), { code: '23505' });
    const out = scrubLogFields({ err: error }) as { err: { type: string; message: string; stack: string; code: string } };
    expect(out.err).toMatchObject({ type: 'Error', message: 'duplicate key (citizen)=([id-number])', code: '23505' });
    expect(out.err.stack).not.toContain(ID);
  });

  it('survives cycles and very deep values without throwing', () => {
    const cyclic: Record<string, unknown> = { ok: 1 };
    cyclic['self'] = cyclic;
    expect(scrubLogFields(cyclic)).toEqual({ ok: 1, self: '[circular]' });
    let deep: Record<string, unknown> = { citizenId: ID };
    for (let i = 0; i < 20; i++) deep = { next: deep };
    expect(JSON.stringify(scrubLogFields(deep))).not.toContain(ID);
  });

  it('keeps a value shared by two branches (not a cycle)', () => {
    const shared = { kind: 'x' };
    expect(scrubLogFields({ a: shared, b: shared })).toEqual({ a: { kind: 'x' }, b: { kind: 'x' } });
  });
});

describe('createLogger', () => {
  it('writes no ID number, claimed value or token, however it is logged', () => {
    const { logger, text, lines } = capture();
    logger.info({ request: { body: { citizenId: ID, claims: { fullName: 'Trần Thị B' } } } }, 'verification');
    logger.warn({ msg: `free text with ${ID}` });
    logger.info(`message with ${ID}`);
    logger.error(new Error(`constraint failed for ${ID}`));
    logger.info({ headers: { Authorization: 'Bearer sk_live_secret' }, deviceToken: 'v1.1.abc.def' }, 'sign-in');
    expect(lines).toHaveLength(5);
    expect(text()).not.toContain(ID);
    expect(text()).not.toContain('Trần');
    expect(text()).not.toContain('sk_live_secret');
    expect(text()).not.toContain('v1.1.abc.def');
    expect(lines[3]).toMatchObject({ level: 'error', msg: 'constraint failed for [id-number]', err: { type: 'Error' } });
    expect(lines[0]).toMatchObject({ msg: 'verification', request: { body: { citizenId: '[redacted]', claims: '[redacted]' } } });
  });

  it('keeps what is not personal', () => {
    const { logger, lines } = capture();
    logger.info({ requestId: 'r-1', durationMs: 12, route: '/v1/verifications', statusCode: 200 }, 'answered');
    expect(lines[0]).toMatchObject({ service: 'test', level: 'info', msg: 'answered', requestId: 'r-1', durationMs: 12, statusCode: 200 });
  });

  it("masks Nest's messages and traces through JsonLogger", () => {
    const { logger, text } = capture();
    const nest = new JsonLogger(logger);
    nest.error(`failed for ${ID}`, `Error: at ${ID}\n    at x`, 'Ctx');
    nest.warn({ msg: 'object message', citizenId: ID }, 'Ctx');
    nest.log(`started ${ID}`, 'Ctx');
    expect(text()).not.toContain(ID);
  });
});
