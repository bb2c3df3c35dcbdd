import { EMPTY_ROOT, HASH_SIZE, assertTreeSize, nodeHash } from './merkle-hash.util';
import { StoredNode } from './merkle-node.types';
import { foldRange, rangeNodes } from './merkle-proof-plan.util';

/**
 * The right edge of a tree: the complete subtrees of the binary decomposition of its size,
 * largest (leftmost) first. It is all the sequencer needs to append (O(log n) hashes), and the
 * root is its right fold.
 */
export interface TreeFrontier {
  size: number;
  hashes: Buffer[];
}

export const EMPTY_FRONTIER: TreeFrontier = { size: 0, hashes: [] };

export function frontierRoot(frontier: TreeFrontier): Buffer {
  return frontier.hashes.length ? foldRange(frontier.hashes) : EMPTY_ROOT;
}

/** The node ids the frontier of a tree of `size` leaves consists of (to load it from storage). */
export function frontierNodes(size: number) {
  assertTreeSize(size, 'size');
  return rangeNodes(0, size);
}

export interface AppendResult {
  frontier: TreeFrontier;
  /** Every complete subtree the new leaves completed, leaves (level 0) included, in creation order. */
  nodes: StoredNode[];
}

/** Appends leaf hashes to a frontier: one hash per completed node, nothing re-read. */
export function appendToFrontier(frontier: TreeFrontier, leafHashes: readonly Buffer[]): AppendResult {
  const expected = frontierNodes(frontier.size);
  if (expected.length !== frontier.hashes.length) {
    throw new Error(`frontier of size ${frontier.size} must have ${expected.length} hashes, has ${frontier.hashes.length}`);
  }
  const stack = expected.map((id, i) => ({ level: id.level, hash: frontier.hashes[i] }));
  const nodes: StoredNode[] = [];
  let size = frontier.size;
  for (const leaf of leafHashes) {
    if (leaf.length !== HASH_SIZE) throw new Error('leaf hash must be 32 bytes');
    nodes.push({ level: 0, index: size, hash: leaf });
    stack.push({ level: 0, hash: leaf });
    size++;
    while (stack.length >= 2 && stack[stack.length - 1].level === stack[stack.length - 2].level) {
      const right = stack.pop()!;
      const left = stack.pop()!;
      const level = left.level + 1;
      const hash = nodeHash(left.hash, right.hash);
      stack.push({ level, hash });
      nodes.push({ level, index: size / 2 ** level - 1, hash });
    }
  }
  return { frontier: { size, hashes: stack.map((s) => s.hash) }, nodes };
}
