import { AUDIT_ACTOR_ROLES, AUDIT_DECISIONS, AUDIT_OPERATIONS, AuditActor, NormalisedAuditEvent } from './audit-event.types';
import { CanonicalValue, canonicalJson } from './canonical-json.util';

export interface EventFieldError {
  field: string;
  message: string;
}

export type EventValidation = { ok: true; event: NormalisedAuditEvent } | { ok: false; errors: EventFieldError[] };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CODE = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/;
const FIELD_CODE = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
const PSEUDONYM = /^[0-9a-f]{64}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_PERSONAL_BYTES = 16 * 1024;
/** Vietnam has no daylight saving: a disclosure date starts at 00:00 UTC+7. */
const VIETNAM_OFFSET = '+07:00';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/g;
const isText = (v: unknown, max: number): v is string => typeof v === 'string' && v.length > 0 && v.length <= max && v.search(CONTROL) === -1;

/**
 * An instant as UTC ISO text, if PostgreSQL can store it: years 0001 to 9999 in UTC. JavaScript
 * writes year 0 as 0000 and others with a sign, which the database refuses; an event it refuses
 * would fail every job appended with it, instead of being rejected alone.
 */
function storable(ms: number): string | undefined {
  if (Number.isNaN(ms)) return undefined;
  const iso = new Date(ms).toISOString();
  return /^(?!0000)[0-9]{4}-/.test(iso) ? iso : undefined;
}

function instant(value: string): string | undefined {
  if (!ISO_INSTANT.test(value)) return undefined;
  return storable(Date.parse(value));
}

function disclosureInstant(value: string): string | undefined {
  if (ISO_DATE.test(value)) {
    const ms = Date.parse(`${value}T00:00:00${VIETNAM_OFFSET}`);
    return Number.isNaN(ms) || new Date(Date.parse(value)).toISOString().slice(0, 10) !== value ? undefined : storable(ms);
  }
  return instant(value);
}

/**
 * The actor, if well formed: exactly { role, subject }, a staff role and a staff account id (a
 * UUID, lowercased). Nothing else fits, so no name, e-mail, ID number or free text can ride in it.
 */
function actorOf(value: unknown): AuditActor | undefined {
  if (!isRecord(value) || Object.keys(value).sort().join() !== 'role,subject') return undefined;
  const { role, subject } = value;
  if (!AUDIT_ACTOR_ROLES.includes(role as never) || typeof subject !== 'string' || !UUID.test(subject)) return undefined;
  return { role: role as AuditActor['role'], subject: subject.toLowerCase() };
}

function feeAmount(value: unknown): string | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? String(value) : undefined;
  if (typeof value === 'string' && /^(0|[1-9][0-9]{0,17})$/.test(value)) return value;
  return undefined;
}

/** What an event records as the purpose of an attempt that named none a log can hold. */
export const UNSTATED_PURPOSE = '(none)';

/**
 * The purpose to record for an attempt, whatever its body said: an empty purpose becomes
 * UNSTATED_PURPOSE, control characters become U+FFFD, and it is cut to the log's 128 characters,
 * so the event passes `validateAuditEvent` instead of being rejected by the log (a refused
 * attempt is audited too).
 */
export function auditablePurpose(purpose: string): string {
  const cleaned = purpose.replace(CONTROL, '\uFFFD').slice(0, 128);
  return cleaned.length ? cleaned : UNSTATED_PURPOSE;
}

/**
 * Checks an event from the queue and normalises it (timestamps to UTC milliseconds, fee amount
 * to a decimal string). Refuses anything that looks like a raw ID number in place of a pseudonym.
 */
export function validateAuditEvent(input: unknown): EventValidation {
  const errors: EventFieldError[] = [];
  const fail = (field: string, message: string) => void errors.push({ field, message });
  if (!isRecord(input)) return { ok: false, errors: [{ field: 'event', message: 'must be an object' }] };
  const e = input;
  /** A flag only an access can carry (noMatch, sequentialId): a boolean, true only for verify, lookup and batch. */
  const accessFlag = (field: string): unknown => {
    const value = e[field];
    if (value !== undefined && typeof value !== 'boolean') fail(field, 'must be a boolean');
    else if (value === true && !['verify', 'lookup', 'batch'].includes(e['operation'] as string)) fail(field, 'is only for verify, lookup and batch');
    return value;
  };

  if (typeof e['eventId'] !== 'string' || !UUID.test(e['eventId'])) fail('eventId', 'must be a UUID');
  const occurredAt = typeof e['occurredAt'] === 'string' ? instant(e['occurredAt']) : undefined;
  if (!occurredAt) fail('occurredAt', 'must be an ISO 8601 timestamp with a zone');
  if (!isText(e['organisationId'], 128) || !CODE.test(e['organisationId'])) fail('organisationId', 'must be an identifier');
  if (!AUDIT_OPERATIONS.includes(e['operation'] as never)) fail('operation', `must be one of ${AUDIT_OPERATIONS.join(', ')}`);
  if (!isText(e['purpose'], 128)) fail('purpose', 'must be a purpose code');
  if (!AUDIT_DECISIONS.includes(e['decision'] as never)) fail('decision', 'must be allow or deny');
  if (!isText(e['reasonCode'], 128) || !CODE.test(e['reasonCode'])) fail('reasonCode', 'must be a code');
  if (!isText(e['requestId'], 128) || !CODE.test(e['requestId'])) fail('requestId', 'must be an identifier');

  const basis = e['legalBasis'];
  let legalBasis: NormalisedAuditEvent['legalBasis'] | undefined;
  if (isRecord(basis) && basis['kind'] === 'consent' && (basis['consentId'] === null || isText(basis['consentId'], 128))) {
    legalBasis = { kind: 'consent', consentId: basis['consentId'] as string | null };
  } else if (isRecord(basis) && basis['kind'] === 'legal-duty' && isText(basis['reference'], 256)) {
    legalBasis = { kind: 'legal-duty', reference: basis['reference'] };
  } else {
    fail('legalBasis', 'must be { kind: "consent", consentId } or { kind: "legal-duty", reference }');
  }

  const fields = e['fields'];
  if (!Array.isArray(fields) || fields.length > 128 || !fields.every((f) => typeof f === 'string' && FIELD_CODE.test(f))) {
    fail('fields', 'must be a list of field codes');
  } else if (new Set(fields).size !== fields.length) {
    fail('fields', 'must not repeat a field');
  }

  const fee = e['fee'];
  let normalisedFee: NormalisedAuditEvent['fee'] = null;
  if (fee !== null) {
    const amount = isRecord(fee) ? feeAmount(fee['amountVnd']) : undefined;
    if (!isRecord(fee) || !isText(fee['product'], 64) || !isText(fee['scheduleVersion'], 64) || amount === undefined) {
      fail('fee', 'must be null or { product, amountVnd (whole VND), scheduleVersion }');
    } else {
      normalisedFee = { product: fee['product'], amountVnd: amount, scheduleVersion: fee['scheduleVersion'] };
    }
  }

  const pseudonym = e['citizenPseudonym'];
  if (typeof pseudonym === 'string' && /^\d{9,12}$/.test(pseudonym)) {
    fail('citizenPseudonym', 'must be the keyed pseudonym, never an ID number');
  } else if (pseudonym !== null && (typeof pseudonym !== 'string' || !PSEUDONYM.test(pseudonym))) {
    fail('citizenPseudonym', 'must be null or 64 lowercase hex characters');
  }

  let disclosureAfter: string | null = null;
  const disclosure = e['disclosureAfter'];
  if (disclosure !== undefined && disclosure !== null) {
    disclosureAfter = typeof disclosure === 'string' ? (disclosureInstant(disclosure) ?? null) : null;
    if (!disclosureAfter) fail('disclosureAfter', 'must be an ISO date or timestamp');
  }

  let personal: Record<string, unknown> | null = null;
  const given = e['personal'];
  if (given !== undefined && given !== null) {
    try {
      if (!isRecord(given)) throw new TypeError('not an object');
      if (Buffer.byteLength(canonicalJson(given as CanonicalValue)) > MAX_PERSONAL_BYTES) throw new TypeError('too large');
      personal = given;
    } catch {
      fail('personal', `must be a JSON object of integers, strings, booleans and nulls, at most ${MAX_PERSONAL_BYTES} bytes`);
    }
  }

  const noMatch = accessFlag('noMatch');
  const sequentialId = accessFlag('sequentialId');

  // Only a decision can be caused by a member of staff rather than the organisation it names (on
  // POST /v1/decisions, or a regulator's case action); accesses and consent changes are the
  // organisation's own.
  let actor: AuditActor | undefined;
  if (e['actor'] !== undefined) {
    actor = actorOf(e['actor']);
    if (!actor) fail('actor', 'must be { role: "operator" or "regulator", subject: the staff account id (a UUID) }');
    else if (e['operation'] !== 'decision') fail('actor', 'is only for decision');
  }

  if (personal && pseudonym === null) fail('personal', 'needs a citizenPseudonym: it is sealed with that citizen\'s key');

  const known = new Set(['eventId', 'occurredAt', 'organisationId', 'operation', 'purpose', 'legalBasis', 'decision', 'reasonCode', 'fields', 'fee', 'requestId', 'citizenPseudonym', 'disclosureAfter', 'personal', 'noMatch', 'sequentialId', 'actor']);
  for (const key of Object.keys(e)) if (!known.has(key)) fail(key, 'is not a field of an audit event');

  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    event: {
      eventId: (e['eventId'] as string).toLowerCase(),
      occurredAt: occurredAt!,
      organisationId: e['organisationId'] as string,
      operation: e['operation'] as NormalisedAuditEvent['operation'],
      purpose: e['purpose'] as string,
      legalBasis: legalBasis!,
      decision: e['decision'] as NormalisedAuditEvent['decision'],
      reasonCode: e['reasonCode'] as string,
      fields: [...(fields as string[])],
      fee: normalisedFee,
      requestId: e['requestId'] as string,
      citizenPseudonym: pseudonym as string | null,
      disclosureAfter,
      personal,
      // false and absent mean the same; only true is kept, so older leaves keep their bytes.
      ...(noMatch === true ? { noMatch: true } : {}),
      ...(sequentialId === true ? { sequentialId: true } : {}),
      ...(actor ? { actor } : {}),
    },
  };
}
