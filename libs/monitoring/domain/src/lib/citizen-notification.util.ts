/** What a citizen asked to be told about: every access to their data, or sensitive fields only. */
export const NOTIFICATION_SCOPES = ['all-accesses', 'sensitive-fields-only'] as const;
export type NotificationScope = (typeof NOTIFICATION_SCOPES)[number];

/** The part of an audit entry the notifier reads (no personal data beyond the pseudonym). */
export interface NotifiableEntry {
  index: number;
  fields: readonly string[];
  /** ISO instant before which the citizen must not learn of the access (deferred disclosure), or null. */
  disclosureAfter: string | null;
}

export type NotificationDecision =
  | { action: 'skip' }
  | { action: 'defer'; until: string }
  | { action: 'notify'; sensitiveFields: string[] };

/**
 * Whether an audit entry about an opted-in citizen produces a notification now. A deferred
 * disclosure is held until its time, and only then checked against the scope: a notification
 * must never reveal earlier what the citizen's own access history hides.
 */
export function notificationDecision(entry: NotifiableEntry, scope: NotificationScope, sensitiveFields: readonly string[], now: string): NotificationDecision {
  if (entry.disclosureAfter && Date.parse(entry.disclosureAfter) > Date.parse(now)) return { action: 'defer', until: entry.disclosureAfter };
  const sensitive = new Set(sensitiveFields);
  const touched = entry.fields.filter((f) => sensitive.has(f));
  if (scope === 'sensitive-fields-only' && touched.length === 0) return { action: 'skip' };
  return { action: 'notify', sensitiveFields: touched };
}
