/** Whole VND as a decimal string: optional minus, no leading zeros, no fraction. */
const VND = /^-?(0|[1-9]\d*)$/;

export function isVnd(value: string): boolean {
  return VND.test(value);
}

/** Parses whole VND; a fraction, exponent or stray character is an error, never rounded. */
export function parseVnd(value: string | bigint): bigint {
  if (typeof value === 'bigint') return value;
  if (!VND.test(value)) throw new RangeError(`not a whole VND amount: ${JSON.stringify(value)}`);
  return BigInt(value);
}

/** Applies basis points with round-half-up, in integers. */
export function applyBasisPoints(amount: bigint, basisPoints: number): bigint {
  if (!Number.isInteger(basisPoints)) throw new RangeError('basis points must be an integer');
  const product = amount * BigInt(basisPoints);
  const sign = product < 0n ? -1n : 1n;
  return (sign * (sign * product + 5_000n)) / 10_000n;
}

/** 1234567 -> "1,234,567" (grouping for people; stored amounts never carry separators). */
export function groupVnd(amount: bigint | string, separator = ','): string {
  const text = typeof amount === 'bigint' ? amount.toString() : amount;
  const negative = text.startsWith('-');
  const digits = negative ? text.slice(1) : text;
  return (negative ? '-' : '') + digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}
