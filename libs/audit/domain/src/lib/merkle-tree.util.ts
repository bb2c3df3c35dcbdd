import { EMPTY_ROOT, leafHash, nodeHash, splitPoint } from './merkle-hash.util';

/**
 * The RFC 9162 definition of MTH, straight from the text: recursive, O(n) memory. The reference
 * the incremental and storage-backed code is tested against, and fine for small trees.
 */
export function merkleTreeHash(leafHashes: readonly Buffer[]): Buffer {
  const n = leafHashes.length;
  if (n === 0) return EMPTY_ROOT;
  if (n === 1) return leafHashes[0];
  const k = splitPoint(n);
  return nodeHash(merkleTreeHash(leafHashes.slice(0, k)), merkleTreeHash(leafHashes.slice(k)));
}

export function rootOfLeaves(leaves: readonly Uint8Array[]): Buffer {
  return merkleTreeHash(leaves.map(leafHash));
}

/** Reference PATH(m, D[n]) over leaf hashes in memory (RFC 9162 2.1.3.1). */
export function referenceInclusionProof(index: number, leafHashes: readonly Buffer[]): Buffer[] {
  const n = leafHashes.length;
  if (n <= 1) return [];
  const k = splitPoint(n);
  return index < k
    ? [...referenceInclusionProof(index, leafHashes.slice(0, k)), merkleTreeHash(leafHashes.slice(k))]
    : [...referenceInclusionProof(index - k, leafHashes.slice(k)), merkleTreeHash(leafHashes.slice(0, k))];
}

/** Reference PROOF(m, D[n]) over leaf hashes in memory (RFC 9162 2.1.4.1). */
export function referenceConsistencyProof(m: number, leafHashes: readonly Buffer[]): Buffer[] {
  if (m === 0 || m === leafHashes.length) return [];
  const sub = (m: number, d: readonly Buffer[], complete: boolean): Buffer[] => {
    const n = d.length;
    if (m === n) return complete ? [] : [merkleTreeHash(d)];
    const k = splitPoint(n);
    return m <= k
      ? [...sub(m, d.slice(0, k), complete), merkleTreeHash(d.slice(k))]
      : [...sub(m - k, d.slice(k), false), merkleTreeHash(d.slice(0, k))];
  };
  return sub(m, leafHashes, true);
}
