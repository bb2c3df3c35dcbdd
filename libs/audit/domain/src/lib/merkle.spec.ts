import vectors from '../test-vectors/merkle.json';
import { EMPTY_ROOT, leafHash } from './merkle-hash.util';
import { MemoryNodeStore } from './memory-node-store';
import { consistencyPlan, inclusionPlan, resolvePlan, rootPlan } from './merkle-proof-plan.util';
import { rootOfLeaves } from './merkle-tree.util';
import { verifyConsistency, verifyInclusion } from './merkle-verify.util';
import { EMPTY_FRONTIER, appendToFrontier, frontierRoot } from './merkle-frontier.util';

// RFC 6962 / 9162 vectors from transparency-dev/merkle (see test-vectors/README.md).
const hex = (h: string) => Buffer.from(h, 'hex');
const leaves = vectors.leaves.map(hex);
const leafHashes = leaves.map(leafHash);
const toHex = (hashes: Buffer[]) => hashes.map((h) => h.toString('hex'));

function storeOf(size: number) {
  const store = new MemoryNodeStore();
  store.append(leafHashes.slice(0, size));
  return store;
}

describe('RFC 9162 Merkle tree against the transparency-dev vectors', () => {
  it('hashes the empty tree to SHA-256("")', () => {
    expect(EMPTY_ROOT.toString('hex')).toBe(vectors.empty_root);
    expect(frontierRoot(EMPTY_FRONTIER).toString('hex')).toBe(vectors.empty_root);
  });

  it.each(Object.entries(vectors.roots))('computes the root of size %s three ways', (size, root) => {
    const n = Number(size);
    expect(rootOfLeaves(leaves.slice(0, n)).toString('hex')).toBe(root);
    expect(storeOf(n).root().toString('hex')).toBe(root);
    expect(appendToFrontier(EMPTY_FRONTIER, leafHashes.slice(0, n)).frontier.hashes.length).toBe(rootPlan(n).length);
  });

  it('completes exactly the node hashes of each level', () => {
    const { nodes } = appendToFrontier(EMPTY_FRONTIER, leafHashes);
    vectors.node_hashes_by_level.forEach((level, l) =>
      level.forEach((hash, i) => expect(nodes.find((n) => n.level === l && n.index === i)?.hash.toString('hex')).toBe(hash)),
    );
    expect(nodes).toHaveLength(vectors.node_hashes_by_level.flat().length);
  });

  it('gives the same frontier when leaves arrive one at a time or all at once', () => {
    let frontier = EMPTY_FRONTIER;
    for (const leaf of leafHashes) frontier = appendToFrontier(frontier, [leaf]).frontier;
    expect(frontier).toEqual(appendToFrontier(EMPTY_FRONTIER, leafHashes).frontier);
  });

  describe.each(vectors.inclusion)('inclusion of leaf $index in a tree of $size', (v) => {
    it('generates the vector proof from stored nodes', async () => {
      const proof = await resolvePlan(inclusionPlan(v.index, v.size), storeOf(v.size).fetch);
      expect(toHex(proof)).toEqual(v.proof);
    });

    it('verifies the vector proof and rejects any altered input', () => {
      const proof = v.proof.map(hex);
      const root = hex(v.root);
      const leaf = hex(v.leafHash);
      expect(leaf).toEqual(leafHashes[v.index]);
      expect(verifyInclusion(v.index, v.size, leaf, proof, root)).toBe(true);
      if (v.size > 1) expect(verifyInclusion((v.index + 1) % v.size, v.size, leaf, proof, root)).toBe(false);
      expect(verifyInclusion(v.index, v.size, leafHashes[(v.index + 1) % 8], proof, root)).toBe(false);
      expect(verifyInclusion(v.index, v.size, leaf, [...proof, leaf], root)).toBe(false);
      if (proof.length) expect(verifyInclusion(v.index, v.size, leaf, proof.slice(1), root)).toBe(false);
      const bad = Buffer.from(root);
      bad[0] ^= 1;
      expect(verifyInclusion(v.index, v.size, leaf, proof, bad)).toBe(false);
    });
  });

  describe.each(vectors.consistency)('consistency from $size1 to $size2', (v) => {
    it('generates the vector proof from stored nodes', async () => {
      const proof = await resolvePlan(consistencyPlan(v.size1, v.size2), storeOf(v.size2).fetch);
      expect(toHex(proof)).toEqual(v.proof);
    });

    it('verifies the vector proof and rejects any altered input', () => {
      const proof = v.proof.map(hex);
      const [r1, r2] = [hex(v.root1), hex(v.root2)];
      expect(verifyConsistency(v.size1, v.size2, r1, r2, proof)).toBe(true);
      expect(verifyConsistency(v.size1, v.size2, r2, r1, proof)).toBe(v.size1 === v.size2);
      for (let i = 0; i < proof.length; i++) {
        const tampered = proof.map((p) => Buffer.from(p));
        tampered[i][31] ^= 0x80;
        expect(verifyConsistency(v.size1, v.size2, r1, r2, tampered)).toBe(false);
      }
    });
  });

  it('treats every tree as consistent with the empty one and refuses a shrinking tree', () => {
    const root = hex(vectors.roots['8']);
    expect(verifyConsistency(0, 8, EMPTY_ROOT, root, [])).toBe(true);
    expect(consistencyPlan(0, 8)).toEqual([]);
    expect(() => consistencyPlan(5, 4)).toThrow(RangeError);
    expect(verifyConsistency(5, 4, root, root, [])).toBe(false);
    expect(() => inclusionPlan(8, 8)).toThrow(RangeError);
  });
});
