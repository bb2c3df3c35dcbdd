import { NodeFetcher, NodeId, StoredNode } from './merkle-node.types';
import { nodeHash } from './merkle-hash.util';

/**
 * Storage keeps only the complete subtrees on levels that are multiples of `stride` (level 0,
 * the leaf hashes, always); a node on another level is rebuilt from its 2^(level % stride)
 * stored descendants. Stride 2 stores a third as many interior rows as stride 1 and costs at
 * most one extra lookup and hash per proof element.
 */
export function isStoredLevel(level: number, stride: number): boolean {
  return level % stride === 0;
}

/** The stored nodes a node is rebuilt from (itself when its level is stored). */
export function storedDescendants(id: NodeId, stride: number): NodeId[] {
  const skip = id.level % stride;
  if (skip === 0) return [id];
  const width = 2 ** skip;
  const level = id.level - skip;
  return Array.from({ length: width }, (_, i) => ({ level, index: id.index * width + i }));
}

/** The root of a perfect subtree from its 2^k descendants on one level, left to right. */
export function perfectRoot(hashes: readonly Buffer[]): Buffer {
  let layer = [...hashes];
  while (layer.length > 1) {
    if (layer.length % 2 !== 0) throw new Error('perfectRoot needs a power-of-two number of hashes');
    const next: Buffer[] = [];
    for (let i = 0; i < layer.length; i += 2) next.push(nodeHash(layer[i], layer[i + 1]));
    layer = next;
  }
  if (layer.length !== 1) throw new Error('perfectRoot needs at least one hash');
  return layer[0];
}

/** A NodeFetcher for any node, over a fetcher that can only read stored levels. */
export function fetcherOverStorage(fetchStored: NodeFetcher, stride: number): NodeFetcher {
  return async (ids) => {
    const expanded = ids.map((id) => storedDescendants(id, stride));
    const stored = expanded.flat();
    const hashes = stored.length ? await fetchStored(stored) : [];
    let at = 0;
    return expanded.map((group) => {
      const slice = hashes.slice(at, at + group.length);
      at += group.length;
      return perfectRoot(slice);
    });
  };
}

/** Which of the nodes an append completed storage must keep. */
export function nodesToStore<T extends StoredNode>(nodes: readonly T[], stride: number): T[] {
  return nodes.filter((n) => isStoredLevel(n.level, stride));
}
