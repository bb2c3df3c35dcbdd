/**
 * Notices an organisation walking through ID numbers: an ID number within `maxGap` of one the
 * same organisation asked for among its last `remember` requests (12-digit CCCD numbers: the same
 * province, century, sex and birth year, and a serial a few apart). The audit log keeps only
 * pseudonyms, so this is the one place such a pattern can be seen; the gateway marks the audit
 * event and the misuse monitor counts the marks.
 *
 * The numbers are held in this process's memory only (never logged or stored), at most
 * `remember` per organisation for at most `organisations` organisations (least recently seen
 * dropped first). Each replica sees its own share of a scan; a scan spread over replicas still
 * lands within `maxGap` often enough when the gap allows for it.
 */
export class SequentialIdWatch {
  private readonly recent = new Map<string, { ids: Float64Array; next: number; size: number }>();

  constructor(private readonly options: { remember: number; maxGap: number; organisations: number } = { remember: 256, maxGap: 16, organisations: 4096 }) {}

  /** Records the ID number; true when a neighbour of it was among the organisation's recent ones. */
  observe(organisationId: string, idNumber: string): boolean {
    if (!/^\d{12}$/.test(idNumber)) return false;
    const id = Number(idNumber);
    let seen = this.recent.get(organisationId);
    if (seen) this.recent.delete(organisationId); // re-inserted below: the map's order is recency
    else {
      seen = { ids: new Float64Array(this.options.remember), next: 0, size: 0 };
      if (this.recent.size >= this.options.organisations) this.recent.delete(this.recent.keys().next().value as string);
    }
    this.recent.set(organisationId, seen);
    let neighbour = false;
    for (let i = 0; i < seen.size && !neighbour; i++) {
      const gap = Math.abs((seen.ids[i] as number) - id);
      // Same number again is a repeat, not a scan; the prefix (first six digits) must match.
      neighbour = gap > 0 && gap <= this.options.maxGap && Math.floor((seen.ids[i] as number) / 1e6) === Math.floor(id / 1e6);
    }
    seen.ids[seen.next] = id;
    seen.next = (seen.next + 1) % this.options.remember;
    seen.size = Math.min(seen.size + 1, this.options.remember);
    return neighbour;
  }
}
