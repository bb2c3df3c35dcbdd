/** Keyset cursors (shared-database), and the checks of the parts the policy engine's lists' cursors hold. */
export { cursorKey, encodeCursor, exactInstant, isExactInstantPart, isUuidPart as isUuid, keysetPage, type Page } from '@consentry/shared-database';
