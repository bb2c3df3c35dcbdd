import { NormalisedAuditEvent } from '@consentry/audit-domain';
import type { AppendOutcome } from '@consentry/audit-data-access';

interface Pending {
  events: readonly NormalisedAuditEvent[];
  resolve(outcome: AppendOutcome): void;
  reject(error: unknown): void;
}

/**
 * Group commit: jobs handled at the same time in this process share one append transaction
 * (up to `maxEvents`), so the per-transaction cost (the sequencer lock, a durable commit) is
 * paid once per group, not once per job. A failed transaction fails every job in it; the queue
 * retries them, and ingestion is idempotent by event id.
 */
export class AppendBatcher {
  private readonly pending: Pending[] = [];
  private draining = false;

  constructor(
    private readonly append: (events: NormalisedAuditEvent[]) => Promise<AppendOutcome>,
    private readonly maxEvents: number,
  ) {}

  submit(events: readonly NormalisedAuditEvent[]): Promise<AppendOutcome> {
    return new Promise((resolve, reject) => {
      this.pending.push({ events, resolve, reject });
      void this.drain();
    });
  }

  private async drain() {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.pending.length) {
        const group: Pending[] = [this.pending.shift()!];
        let count = group[0].events.length;
        while (this.pending.length && count + this.pending[0].events.length <= this.maxEvents) {
          count += this.pending[0].events.length;
          group.push(this.pending.shift()!);
        }
        try {
          const outcome = await this.append(group.flatMap((p) => p.events));
          const indexOf = new Map(outcome.appended.map((a) => [a.eventId, a.index]));
          for (const p of group) {
            const mine = p.events.map((e) => e.eventId);
            p.resolve({
              ...outcome,
              appended: mine.filter((id) => indexOf.has(id)).map((id) => ({ eventId: id, index: indexOf.get(id)! })),
              duplicates: mine.filter((id) => !indexOf.has(id)),
            });
          }
        } catch (error) {
          for (const p of group) p.reject(error);
        }
      }
    } finally {
      this.draining = false;
    }
  }
}
