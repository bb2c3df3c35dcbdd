import { outboxJobId } from './outbox-job.util';

describe('outboxJobId', () => {
  const a = '0b7e4a52-5a2f-4f0e-9d0c-1f1d3c1c2a01';
  const b = '5c9d2f7e-8a41-4b3a-a6f5-7d2e9b0c3d02';
  const c = 'f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a03';

  it('is the same for the same events in any order', () => {
    expect(outboxJobId([a, b, c])).toBe(outboxJobId([c, a, b]));
  });

  it('differs when a batch that starts with the same event holds more events', () => {
    expect(outboxJobId([a, b, c])).not.toBe(outboxJobId([a]));
    expect(outboxJobId([a, b])).not.toBe(outboxJobId([a, c]));
  });

  it('is a queue-safe id: no colon, not an integer', () => {
    expect(outboxJobId([a])).toMatch(/^outbox-[0-9a-f]{64}$/);
  });
});
