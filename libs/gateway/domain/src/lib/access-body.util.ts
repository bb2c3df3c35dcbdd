/** The operations whose request bodies the enterprise API takes: verifications and lookups. */
export type AccessBodyKind = 'verify' | 'lookup';

/** One problem with a request body, by field path (as the API's problem+json `errors` name them). */
export interface BodyError {
  field: string;
  message: string;
}

/**
 * A request body that could not be read as JSON: malformed, empty, or carrying a `__proto__` or
 * `constructor.prototype` key. The gateway's body parser gives this instead of refusing the
 * request itself, so that such a body reaches the service and is audited as a rejected attempt,
 * like any other bad input. It keeps nothing of the body: the bytes may hold personal data.
 */
export class UnreadableBody {
  constructor(readonly problem: 'is empty' | 'is not valid JSON') {}
}

/** Longest values the bodies take (the OpenAPI document says the same). */
export const ACCESS_BODY_LIMITS = { citizenId: 32, purpose: 64, claimValue: 1024, fields: 32, batchItems: 1000 } as const;

const PROPERTIES: Record<AccessBodyKind, readonly string[]> = {
  verify: ['citizenId', 'purpose', 'claims'],
  lookup: ['citizenId', 'purpose', 'fields'],
};

/**
 * The shape of a verification or lookup body: a JSON object with exactly the operation's
 * properties (any other is refused), each of its type and within its limits. No errors: the body
 * is `{ citizenId: string, purpose: string, claims: { [field]: string | number } }` (verify) or
 * `{ citizenId: string, purpose: string, fields: string[] }` (lookup). What the values mean (a valid ID number, known
 * field codes and purpose) is the caller's next check.
 *
 * In the request path instead of the class-validator pipe: the same rules at a fraction of the
 * cost (tools/bench/README.md, 24 Nov, eighth session), and the caller can audit a refused body
 * like any other refused input.
 */
export function accessBodyErrors(kind: AccessBodyKind, body: unknown): BodyError[] {
  if (body instanceof UnreadableBody) return [{ field: 'body', message: body.problem }];
  if (!isPlainObject(body)) return [{ field: 'body', message: 'must be a JSON object' }];
  const errors: BodyError[] = unknownProperties(body, PROPERTIES[kind]);
  text(body['citizenId'], 'citizenId', ACCESS_BODY_LIMITS.citizenId, errors);
  text(body['purpose'], 'purpose', ACCESS_BODY_LIMITS.purpose, errors);
  if (kind === 'verify') {
    const claims = body['claims'];
    if (!isPlainObject(claims)) errors.push({ field: 'claims', message: 'must be an object of claimed values by field code' });
    else {
      // A claimed value is compared with a stored one: text or a number, of a stored value's length.
      for (const [name, value] of Object.entries(claims)) {
        const field = `claims.${name.slice(0, 64)}`;
        if (typeof value === 'number') continue;
        if (typeof value !== 'string') errors.push({ field, message: 'must be a string or a number' });
        else if (value.length > ACCESS_BODY_LIMITS.claimValue) errors.push({ field, message: `must be at most ${ACCESS_BODY_LIMITS.claimValue} characters` });
      }
    }
  } else {
    const fields = body['fields'];
    if (!Array.isArray(fields)) errors.push({ field: 'fields', message: 'must be an array of field codes' });
    else {
      if (fields.length > ACCESS_BODY_LIMITS.fields) errors.push({ field: 'fields', message: `must hold at most ${ACCESS_BODY_LIMITS.fields} field codes` });
      fields.forEach((f, i) => {
        if (typeof f !== 'string') errors.push({ field: `fields[${i}]`, message: 'must be a string' });
      });
    }
  }
  return errors;
}

/**
 * The shape of a batch of verifications: `{ items: [...] }` with 1 to 1,000 items. The items
 * themselves are checked one by one (accessBodyErrors), so that a bad item fails alone.
 */
export function batchBodyErrors(body: unknown): BodyError[] {
  if (body instanceof UnreadableBody) return [{ field: 'body', message: body.problem }];
  if (!isPlainObject(body)) return [{ field: 'body', message: 'must be a JSON object' }];
  const errors = unknownProperties(body, ['items']);
  const items = body['items'];
  if (!Array.isArray(items)) errors.push({ field: 'items', message: 'must be an array of verifications' });
  else if (items.length === 0) errors.push({ field: 'items', message: 'must hold at least one verification' });
  else if (items.length > ACCESS_BODY_LIMITS.batchItems) errors.push({ field: 'items', message: `a batch holds at most ${ACCESS_BODY_LIMITS.batchItems} verifications` });
  return errors;
}

/** The purpose a body names, when it names one as text (to record with a refused body). */
export function purposeOf(body: unknown): string {
  const purpose = isPlainObject(body) ? body['purpose'] : undefined;
  return typeof purpose === 'string' ? purpose.slice(0, ACCESS_BODY_LIMITS.purpose) : '';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unknownProperties(body: Record<string, unknown>, known: readonly string[]): BodyError[] {
  const errors: BodyError[] = [];
  for (const name of Object.keys(body)) {
    // Named only up to 64 characters: the name is the client's, and goes back in the problem.
    if (!known.includes(name)) errors.push({ field: name.slice(0, 64), message: 'is not a property of this request' });
  }
  return errors;
}

function text(value: unknown, field: string, max: number, errors: BodyError[]) {
  if (typeof value !== 'string') errors.push({ field, message: 'must be a string' });
  else if (value.length > max) errors.push({ field, message: `must be at most ${max} characters` });
}
