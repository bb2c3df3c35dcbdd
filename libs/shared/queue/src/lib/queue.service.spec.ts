import { EnqueueOutcome, ensureEach } from './queue.service';

describe('ensureEach', () => {
  it('counts the ids taken and those given a new job, and asks nothing after the first refusal', async () => {
    const outcomes: Record<string, EnqueueOutcome> = { a: 'added', b: 'present', c: 'added', d: 'refused', e: 'added' };
    const asked: string[] = [];
    const result = await ensureEach(Object.keys(outcomes), async (id) => {
      asked.push(id);
      return outcomes[id];
    });
    expect(result).toEqual({ taken: 3, added: 2 });
    expect(asked).toEqual(['a', 'b', 'c', 'd']);
  });

  it('takes nothing when the queue refuses the first', async () => {
    expect(await ensureEach(['a', 'b'], async () => 'refused')).toEqual({ taken: 0, added: 0 });
  });
});
