import { type CompiledLicence, compileLicence } from './licence-ability.util';
import { sameGrants } from './licence-grants.util';
import type { Licence } from './policy.types';
import { display } from './message-text.util';

export const DEFAULT_MAX_CACHED_LICENCES = 10_000;

/**
 * Compiled licences keyed by (id, version). A hit is still checked against the live holder and
 * grants, so a licence edited without a version bump is recompiled rather than served stale.
 * Bounded so a stream of new versions cannot grow it without limit; the oldest insertion goes
 * first, which is enough because live versions are hit continuously and recompile cheaply.
 */
export class LicenceAbilityCache {
  private readonly entries = new Map<string, CompiledLicence>();

  constructor(private readonly maxEntries = DEFAULT_MAX_CACHED_LICENCES) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError('maxEntries must be a positive integer');
  }

  get(licence: Licence): CompiledLicence {
    const key = `${display(licence.id)}\u0000${display(licence.version)}`;
    const hit = this.entries.get(key);
    if (hit !== undefined && hit.organisationId === licence.organisationId && sameGrants(hit.grants, licence.grants)) return hit;
    const compiled = compileLicence(licence);
    if (hit !== undefined) this.entries.delete(key);
    else if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, compiled);
    return compiled;
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}
