export const CONSENT_SCHEMA = 'consent';
