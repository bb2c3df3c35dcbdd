import type { MonitoredEntry } from './monitoring.types';

/** Monday 2 March 2026, 10:00 in Asia/Ho_Chi_Minh (03:00 UTC): a busy weekday hour. */
export const MONDAY_10_LOCAL = Date.parse('2026-03-02T03:00:00.000Z');
/** Tuesday 3 March 2026, 02:00 in Asia/Ho_Chi_Minh. */
export const TUESDAY_02_LOCAL = Date.parse('2026-03-02T19:00:00.000Z');

let next = 0;

/** An ordinary allowed verify by org-a; override what a test is about. */
export function entry(over: Partial<MonitoredEntry> & { ms?: number } = {}): MonitoredEntry {
  const { ms, ...rest } = over;
  const index = next++;
  return {
    index,
    occurredAt: new Date(ms ?? MONDAY_10_LOCAL).toISOString(),
    organisationId: 'org-a',
    operation: 'verify',
    purpose: 'account-opening',
    decision: 'allow',
    reasonCode: 'ALLOWED',
    fields: ['fullName', 'dateOfBirth'],
    citizenPseudonym: `p${index}`,
    ...rest,
  };
}

/** n entries spread over the first `minutes` minutes from `start`. */
export function entries(n: number, over: (i: number) => Partial<MonitoredEntry> & { ms?: number } = () => ({}), start = MONDAY_10_LOCAL, minutes = 15): MonitoredEntry[] {
  return Array.from({ length: n }, (_, i) => entry({ ms: start + Math.floor((i * minutes * 60_000) / Math.max(n, 1)), ...over(i) }));
}
