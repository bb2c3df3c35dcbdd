/** JSON values a leaf may hold: integers only, so no float formatting can differ between producers. */
export type CanonicalValue = null | boolean | string | number | CanonicalValue[] | { [key: string]: CanonicalValue | undefined };

/**
 * Deterministic JSON: object keys sorted by UTF-16 code units, no white space, integers only,
 * `undefined` members left out. For this value subset it is the same as RFC 8785 (JCS), so the
 * same event always yields the same leaf bytes, in any language.
 */
export function canonicalJson(value: CanonicalValue): string {
  if (value === null || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new TypeError(`canonical JSON holds safe integers only, got ${value}`);
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  if (typeof value === 'object' && isPlainObject(value)) {
    const members = Object.keys(value)
      .filter((key) => value[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key] as CanonicalValue)}`);
    return `{${members.join(',')}}`;
  }
  throw new TypeError(`canonical JSON cannot hold ${typeof value}`);
}

/** A plain object from any realm (JSON.parse in another VM context has its own Object.prototype). */
function isPlainObject(value: object): value is { [key: string]: CanonicalValue | undefined } {
  const proto = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

export function canonicalBytes(value: CanonicalValue): Buffer {
  return Buffer.from(canonicalJson(value), 'utf8');
}
