/**
 * Template tag for reason messages. Messages interpolate caller-supplied ids and dates; a value
 * that is not a primitive (e.g. an object without a prototype) would make a plain template throw,
 * and a policy decision must come back as a decision, never as an exception.
 */
export function text(strings: TemplateStringsArray, ...values: unknown[]): string {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += display(values[i]) + strings[i + 1];
  return out;
}

export function display(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'undefined':
      return '(missing)';
    default:
      return value === null ? '(missing)' : '(malformed)';
  }
}
