import { createHash } from 'node:crypto';

/** A stable signed 64-bit advisory-lock key for a name. */
export function advisoryLockKey(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex').slice(0, 16);
  return BigInt.asIntN(64, BigInt('0x' + hex)).toString();
}
