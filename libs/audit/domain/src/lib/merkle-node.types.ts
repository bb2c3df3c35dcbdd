/**
 * A complete (perfect) subtree of the log: the hash of leaves [index * 2^level, (index + 1) * 2^level).
 * Level 0 is a leaf hash. Once its last leaf is appended such a node never changes, which is why
 * storage keeps exactly these hashes and every proof is assembled from them.
 */
export interface NodeId {
  level: number;
  index: number;
}

export interface StoredNode extends NodeId {
  hash: Buffer;
}

/**
 * Where proof generation gets node hashes from (the database, a cache, memory). It is asked once
 * per proof or per batch of proofs with every node it needs, and answers in the same order.
 */
export type NodeFetcher = (ids: readonly NodeId[]) => Promise<Buffer[]>;

export const nodeKey = (id: NodeId): string => `${id.level}/${id.index}`;

/** The first leaf covered by a node, and one past the last. */
export function nodeRange(id: NodeId): [number, number] {
  const width = 2 ** id.level;
  return [id.index * width, (id.index + 1) * width];
}
