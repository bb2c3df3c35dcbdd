/**
 * Categories of personal data a breach report names (Law 91/2025/QH15 and Decree 356/2025:
 * basic data, then each sensitive category), so reports can be counted and compared.
 */
export const BREACH_DATA_CATEGORIES = [
  'basic-identity',
  'id-number',
  'contact',
  'family',
  'photo',
  'political-religious-views',
  'health',
  'ethnic-origin',
  'genetic-biometric',
  'sex-life',
  'criminal',
  'financial',
  'location',
  'online-activity',
  'eid-credentials',
  'id-card-images',
  'other',
] as const;
export type BreachDataCategory = (typeof BREACH_DATA_CATEGORIES)[number];

const BASIC: ReadonlySet<string> = new Set(['basic-identity', 'id-number', 'contact', 'family', 'photo', 'other']);

/** True when the breach touches any sensitive category: the report must say so prominently. */
export function involvesSensitiveData(categories: readonly string[]): boolean {
  return categories.some((c) => !BASIC.has(c));
}
