import { NormalisedAuditEvent } from '@consentry/audit-domain';
import type { AppendOutcome } from '@consentry/audit-data-access';
import { AppendBatcher } from './append-batcher';

const ev = (id: string) => ({ eventId: id }) as NormalisedAuditEvent;

describe('AppendBatcher', () => {
  it('groups concurrent submissions into one append and gives each caller its own part', async () => {
    const calls: string[][] = [];
    let size = 0;
    const batcher = new AppendBatcher(async (events) => {
      calls.push(events.map((e) => e.eventId));
      await new Promise((r) => setTimeout(r, 5));
      const appended = events.filter((e) => e.eventId !== 'dup').map((e) => ({ eventId: e.eventId, index: size++ }));
      return { appended, duplicates: ['dup'], treeSize: size, rootHash: Buffer.alloc(32) } as AppendOutcome;
    }, 4);
    const [a, b, c, d] = await Promise.all([
      batcher.submit([ev('a1')]),
      batcher.submit([ev('b1'), ev('dup')]),
      batcher.submit([ev('c1')]),
      batcher.submit([ev('d1'), ev('d2')]),
    ]);
    expect(calls).toEqual([['a1'], ['b1', 'dup', 'c1'], ['d1', 'd2']]);
    expect(a.appended).toEqual([{ eventId: 'a1', index: 0 }]);
    expect(b).toMatchObject({ appended: [{ eventId: 'b1', index: 1 }], duplicates: ['dup'] });
    expect(c.appended).toEqual([{ eventId: 'c1', index: 2 }]);
    expect(d.appended.map((x) => x.index)).toEqual([3, 4]);
  });

  it('fails every caller of a failed group and keeps serving later ones', async () => {
    let fail = true;
    const batcher = new AppendBatcher(async (events) => {
      if (fail) throw new Error('database down');
      return { appended: events.map((e, i) => ({ eventId: e.eventId, index: i })), duplicates: [], treeSize: events.length, rootHash: Buffer.alloc(32) };
    }, 10);
    await expect(batcher.submit([ev('x')])).rejects.toThrow('database down');
    fail = false;
    await expect(batcher.submit([ev('y')])).resolves.toMatchObject({ appended: [{ eventId: 'y', index: 0 }] });
  });
});
