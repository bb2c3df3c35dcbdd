import type { LicenceGrant } from './policy.types';

/**
 * Structural equality of two grant lists, in order. Cheap next to compiling (tens of nanoseconds
 * for a typical licence), and it keeps a cached ability from outliving grants that were edited
 * without a version bump: a stale permission is a security bug, a recompile is only a cost.
 */
export function sameGrants(a: readonly LicenceGrant[], b: readonly LicenceGrant[]): boolean {
  if (a === b) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x.purposeCode !== y.purposeCode || !sameList(x.operations, y.operations) || !sameList(x.fields, y.fields)) return false;
    if (!sameObligations(x.obligations, y.obligations)) return false;
  }
  return true;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameObligations(a: LicenceGrant['obligations'], b: LicenceGrant['obligations']): boolean {
  if (a === b) return true;
  const x = (a ?? {}) as Record<string, string>;
  const y = (b ?? {}) as Record<string, string>;
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return false;
  for (const key of keys) if (x[key] !== y[key]) return false;
  return true;
}
