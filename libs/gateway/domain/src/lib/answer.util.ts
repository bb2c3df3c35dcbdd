import type { CitizenRecord, FieldCode } from '@consentry/population-domain';

export type MatchResult = 'match' | 'no_match';
export type ObligationKind = 'mask' | 'match-only';

export interface FieldObligation {
  field: FieldCode;
  kind: ObligationKind;
}

/**
 * Compares as a person would: Unicode NFC, case and surrounding or repeated spaces ignored, so
 * "nguyễn  văn a" matches "Nguyễn Văn A" whether typed precomposed or with combining marks.
 * Diacritics are significant: "Nguyen" is not "Nguyễn".
 */
export function normaliseValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  return String(value).normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('vi');
}

/** Match / no match per claimed field; a field the record lacks never matches. Never returns stored values. */
export function verifyClaims(
  record: CitizenRecord | null,
  claims: Readonly<Record<string, unknown>>,
  allowedFields: readonly FieldCode[],
): Partial<Record<FieldCode, MatchResult>> {
  const results: Partial<Record<FieldCode, MatchResult>> = {};
  for (const field of allowedFields) {
    if (!(field in claims)) continue;
    const stored = record ? record[field] : null;
    results[field] = stored !== null && stored !== undefined && normaliseValue(stored) === normaliseValue(claims[field]) ? 'match' : 'no_match';
  }
  return results;
}

/**
 * Keeps enough of a value to recognise it and hides the rest: the first and last characters
 * of each word of text, or all but the last three characters of numbers and codes.
 */
export function maskValue(value: string | number): string {
  const text = String(value);
  if (/^[0-9A-Za-z-]+$/.test(text)) {
    const keep = Math.min(3, Math.floor(text.length / 3));
    return '*'.repeat(text.length - keep) + text.slice(text.length - keep);
  }
  return text
    .split(' ')
    .map((word) => {
      const chars = [...word];
      return chars.length <= 2 ? chars[0] + '*'.repeat(chars.length - 1) : chars[0] + '*'.repeat(chars.length - 2) + chars[chars.length - 1];
    })
    .join(' ');
}

/** The allowed fields of the record, with mask obligations applied; match-only fields are left out. */
export function lookupFields(
  record: CitizenRecord,
  allowedFields: readonly FieldCode[],
  obligations: readonly FieldObligation[],
): { values: Partial<Record<FieldCode, string | number | null>>; masked: FieldCode[]; withheld: FieldCode[] } {
  const values: Partial<Record<FieldCode, string | number | null>> = {};
  const masked: FieldCode[] = [];
  const withheld: FieldCode[] = [];
  for (const field of allowedFields) {
    const kind = obligations.find((o) => o.field === field)?.kind;
    if (kind === 'match-only') {
      withheld.push(field);
      continue;
    }
    const value = record[field] as string | number | null;
    if (kind === 'mask' && value !== null && value !== undefined) {
      values[field] = maskValue(value);
      masked.push(field);
    } else {
      values[field] = value ?? null;
    }
  }
  return { values, masked, withheld };
}
