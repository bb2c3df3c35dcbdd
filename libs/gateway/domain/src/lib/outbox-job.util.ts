import { createHash } from 'node:crypto';

/**
 * The audit queue's job id for a batch of outbox events: a digest of the batch's event ids, in
 * any order. The queue skips a job whose id it still holds, so a batch sent again (the relay died
 * before marking it delivered) is not queued twice, while a different batch, even one that starts
 * with the same event, is always queued. The audit log deduplicates events by id either way.
 */
export function outboxJobId(eventIds: readonly string[]): string {
  return `outbox-${createHash('sha256').update([...eventIds].sort().join(',')).digest('hex')}`;
}
