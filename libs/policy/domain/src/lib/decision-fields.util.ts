import type { DecisionReason, DecisionRequest, DeniedField } from './policy.types';
import type { ReasonCode } from './reason-code.constant';
import { display, text } from './message-text.util';

const EMPTY: readonly string[] = Object.freeze([]);
// Past this size the quadratic de-duplication below would cost more than a Set.
const SMALL_LIST = 32;

/** Requested fields without repeats, in the order asked (so output order is deterministic). */
export function uniqueFields(fields: readonly string[]): readonly string[] {
  if (!Array.isArray(fields) || fields.length === 0) return EMPTY;
  if (fields.length > SMALL_LIST) return [...new Set(fields.map(display))];
  const unique: string[] = [];
  for (const field of fields) {
    const code = display(field);
    if (!unique.includes(code)) unique.push(code);
  }
  return unique;
}

/** One reason per field-level code, naming its fields, in the order the codes first appear. */
export function fieldReasons(request: DecisionRequest, denied: readonly DeniedField[]): DecisionReason[] {
  if (denied.length === 0) return [];
  const byCode = new Map<ReasonCode, string[]>();
  for (const { field, reasonCode } of denied) {
    const fields = byCode.get(reasonCode);
    if (fields) fields.push(field);
    else byCode.set(reasonCode, [field]);
  }
  const reasons: DecisionReason[] = [];
  for (const [code, fields] of byCode) reasons.push({ code, message: fieldMessage(request, code, fields.join(', ')) });
  return reasons;
}

function fieldMessage(request: DecisionRequest, code: ReasonCode, list: string): string {
  switch (code) {
    case 'FIELD_UNKNOWN':
      return text`Not in the population field catalogue: ${list}.`;
    case 'FIELD_NOT_LICENSED':
      return text`Not covered by licence ${request.licence?.id} for ${request.operation} under purpose ${request.purposeCode}: ${list}.`;
    case 'FIELD_NOT_CONSENTED':
      return text`Not included in consent ${request.consent?.consentId}: ${list}.`;
    case 'SENSITIVE_FIELD_NOT_NAMED':
      return text`Sensitive data is released only under a valid consent that names each field: ${list}.`;
    default:
      return text`Denied (${code}): ${list}.`;
  }
}
