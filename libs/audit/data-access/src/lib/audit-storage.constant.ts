export const AUDIT_SCHEMA = 'audit';

/**
 * Interior tree nodes are stored on even levels only (leaf hashes live in `entries`): a third of
 * the rows of storing every level, at the cost of one extra lookup and hash per odd-level proof
 * element. Changing it changes what the tree_nodes table means: it is a storage format constant.
 */
export const NODE_STRIDE = 2;

const LEVEL_FACTOR = 2n ** 48n;

/** tree_nodes.node_key: level * 2^48 + index, so one bigint primary key serves `= ANY($1)` lookups. */
export function encodeNodeKey(level: number, index: number): string {
  return (BigInt(level) * LEVEL_FACTOR + BigInt(index)).toString();
}

export function decodeNodeKey(key: string | bigint): { level: number; index: number } {
  const value = BigInt(key);
  return { level: Number(value / LEVEL_FACTOR), index: Number(value % LEVEL_FACTOR) };
}
