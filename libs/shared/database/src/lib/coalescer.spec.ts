import { Coalescer } from './coalescer';

/** A run whose batches the test finishes by hand, recording what each batch held. */
function manualRun() {
  const batches: number[][] = [];
  const pending: (() => void)[] = [];
  const run = (batch: number[]) =>
    new Promise<number[]>((resolve) => {
      batches.push(batch);
      pending.push(() => resolve(batch.map((n) => n * 10)));
    });
  const finishNext = async () => {
    pending.shift()!();
    await new Promise((r) => setImmediate(r));
  };
  return { run, batches, finishNext };
}

describe('Coalescer', () => {
  it('runs a call at once while a batch is free, and queues calls into batches while all are busy', async () => {
    const m = manualRun();
    const c = new Coalescer(m.run, { maxBatch: 3, maxInFlight: 1 });
    const results = [1, 2, 3, 4, 5, 6].map((n) => c.call(n));
    expect(m.batches).toEqual([[1]]);
    await m.finishNext();
    expect(m.batches).toEqual([[1], [2, 3, 4]]);
    await m.finishNext();
    expect(m.batches).toEqual([[1], [2, 3, 4], [5, 6]]);
    await m.finishNext();
    expect(await Promise.all(results)).toEqual([10, 20, 30, 40, 50, 60]);
  });

  it('keeps up to maxInFlight batches running', async () => {
    const m = manualRun();
    const c = new Coalescer(m.run, { maxBatch: 10, maxInFlight: 2 });
    const results = [1, 2, 3, 4].map((n) => c.call(n));
    expect(m.batches).toEqual([[1], [2]]);
    await m.finishNext();
    expect(m.batches).toEqual([[1], [2], [3, 4]]);
    await m.finishNext();
    await m.finishNext();
    expect(await Promise.all(results)).toEqual([10, 20, 30, 40]);
  });

  it('fails every call of a failed batch, and goes on with the next', async () => {
    let runs = 0;
    const c = new Coalescer<number, number>(async (batch) => {
      runs++;
      if (batch.includes(3)) throw new Error('bad batch');
      return batch.map((n) => n + 1);
    }, { maxBatch: 2, maxInFlight: 1 });
    const results = await Promise.allSettled([1, 2, 3, 4].map((n) => c.call(n)));
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([2, 'bad batch', 'bad batch', 5]);
    expect(runs).toBe(3);
  });

  it('settles a result given as a promise without holding up the next batch', async () => {
    let release!: (n: number) => void;
    const late = new Promise<number>((r) => (release = r));
    const c = new Coalescer<number, number>(async (batch) => batch.map((n) => (n === 1 ? late : n)), { maxBatch: 5, maxInFlight: 1 });
    const first = c.call(1);
    const second = await c.call(2);
    expect(second).toBe(2);
    release(7);
    expect(await first).toBe(7);
  });

  it('refuses a run that returns the wrong number of results', async () => {
    const c = new Coalescer<number, number>(async () => [], { maxBatch: 5, maxInFlight: 1 });
    await expect(c.call(1)).rejects.toThrow('a batch of 1 calls returned 0 results');
  });
});
