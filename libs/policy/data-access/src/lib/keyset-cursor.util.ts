/** Keyset cursors (shared-database), and the parts the policy engine's lists' cursors hold. */
export { decodeCursor, encodeCursor, exactInstant, type Page } from '@consentry/shared-database';

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID_PATTERN.test(value);
export const isInstant = (value: unknown): value is string => typeof value === 'string' && !Number.isNaN(Date.parse(value));
