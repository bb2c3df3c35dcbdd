import fc from 'fast-check';
import { leafHash, sha256 } from './merkle-hash.util';
import { MemoryNodeStore } from './memory-node-store';
import { consistencyPlan, inclusionPlan, resolvePlan } from './merkle-proof-plan.util';
import { merkleTreeHash, referenceConsistencyProof, referenceInclusionProof } from './merkle-tree.util';
import { rootFromInclusionProof, verifyConsistency, verifyInclusion } from './merkle-verify.util';
import { EMPTY_FRONTIER, appendToFrontier, frontierRoot } from './merkle-frontier.util';
import { fetcherOverStorage, isStoredLevel } from './node-storage.util';
import { NodeFetcher, nodeKey } from './merkle-node.types';

const leavesOf = (seed: number, n: number) => Array.from({ length: n }, (_, i) => leafHash(sha256(Buffer.from(`${seed}:${i}`))));

/** A tree with its size and a position in it, plus a later size (m <= n). */
const treeAndIndex = fc
  .record({ seed: fc.integer(), n: fc.integer({ min: 1, max: 300 }), pick: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }) })
  .map(({ seed, n, pick }) => ({ seed, n, m: Math.floor(pick * n) }));

function storeOf(hashes: Buffer[]) {
  const store = new MemoryNodeStore();
  store.append(hashes);
  return store;
}

describe('Merkle proofs (properties)', () => {
  it('every inclusion proof equals the RFC reference and verifies against the root', async () => {
    await fc.assert(
      fc.asyncProperty(treeAndIndex, async ({ seed, n, m }) => {
        const hashes = leavesOf(seed, n);
        const store = storeOf(hashes);
        const root = store.root();
        expect(root).toEqual(merkleTreeHash(hashes));
        const proof = await resolvePlan(inclusionPlan(m, n), store.fetch);
        expect(proof).toEqual(referenceInclusionProof(m, hashes));
        expect(verifyInclusion(m, n, hashes[m], proof, root)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('every consistency proof between sizes m <= n verifies, and proves nothing for other roots', async () => {
    await fc.assert(
      fc.asyncProperty(treeAndIndex, async ({ seed, n, m }) => {
        const first = m + 1;
        const hashes = leavesOf(seed, n);
        const store = storeOf(hashes);
        const proof = await resolvePlan(consistencyPlan(first, n), store.fetch);
        expect(proof).toEqual(referenceConsistencyProof(first, hashes));
        const oldRoot = merkleTreeHash(hashes.slice(0, first));
        expect(verifyConsistency(first, n, oldRoot, store.root(), proof)).toBe(true);
        const otherOld = merkleTreeHash(leavesOf(seed + 1, first));
        expect(verifyConsistency(first, n, otherOld, store.root(), proof)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('tampering with any byte of the leaf, the proof or the root fails verification', async () => {
    await fc.assert(
      fc.asyncProperty(treeAndIndex, fc.nat(), fc.integer({ min: 1, max: 255 }), async ({ seed, n, m }, where, flip) => {
        const hashes = leavesOf(seed, n);
        const store = storeOf(hashes);
        const proof = await resolvePlan(inclusionPlan(m, n), store.fetch);
        const parts = [Buffer.from(hashes[m]), ...proof.map((p) => Buffer.from(p)), Buffer.from(store.root())];
        const byte = where % (parts.length * 32);
        parts[Math.floor(byte / 32)][byte % 32] ^= flip;
        expect(verifyInclusion(m, n, parts[0], parts.slice(1, -1), parts[parts.length - 1])).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('tampering with any byte of a consistency proof or either root fails verification', async () => {
    await fc.assert(
      fc.asyncProperty(treeAndIndex, fc.nat(), fc.integer({ min: 1, max: 255 }), async ({ seed, n, m }, where, flip) => {
        const first = m + 1;
        fc.pre(first < n);
        const hashes = leavesOf(seed, n);
        const store = storeOf(hashes);
        const proof = await resolvePlan(consistencyPlan(first, n), store.fetch);
        const parts = [merkleTreeHash(hashes.slice(0, first)), store.root(), ...proof].map((p) => Buffer.from(p));
        const byte = where % (parts.length * 32);
        parts[Math.floor(byte / 32)][byte % 32] ^= flip;
        expect(verifyConsistency(first, n, parts[0], parts[1], parts.slice(2))).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('appending in any chunking yields the same nodes and root', () => {
    fc.assert(
      fc.property(fc.integer(), fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 12 }), (seed, chunks) => {
        const hashes = leavesOf(seed, chunks.reduce((a, b) => a + b, 0));
        let frontier = EMPTY_FRONTIER;
        const keys: string[] = [];
        let at = 0;
        for (const c of chunks) {
          const result = appendToFrontier(frontier, hashes.slice(at, at + c));
          at += c;
          frontier = result.frontier;
          keys.push(...result.nodes.map(nodeKey));
        }
        expect(frontierRoot(frontier)).toEqual(merkleTreeHash(hashes));
        expect(keys).toEqual(appendToFrontier(EMPTY_FRONTIER, hashes).nodes.map(nodeKey));
      }),
    );
  });

  it('proofs from strided storage equal proofs from every node', async () => {
    await fc.assert(
      fc.asyncProperty(treeAndIndex, fc.integer({ min: 1, max: 4 }), async ({ seed, n, m }, stride) => {
        const hashes = leavesOf(seed, n);
        const full = storeOf(hashes);
        const kept = new Map(appendToFrontier(EMPTY_FRONTIER, hashes).nodes.filter((x) => isStoredLevel(x.level, stride)).map((x) => [nodeKey(x), x.hash]));
        const stored: NodeFetcher = async (ids) =>
          ids.map((id) => {
            const hash = kept.get(nodeKey(id));
            if (!hash) throw new Error(`not stored: ${nodeKey(id)}`);
            return hash;
          });
        const fetch = fetcherOverStorage(stored, stride);
        expect(await resolvePlan(inclusionPlan(m, n), fetch)).toEqual(await resolvePlan(inclusionPlan(m, n), full.fetch));
        expect(await resolvePlan(consistencyPlan(m + 1, n), fetch)).toEqual(await resolvePlan(consistencyPlan(m + 1, n), full.fetch));
      }),
      { numRuns: 150 },
    );
  });

  it('computes the same root for large indexes without 32-bit overflow', () => {
    // A proof for a leaf past 2^32 in a tree of 2^33 + 5: only the path shape matters here.
    const n = 2 ** 33 + 5;
    const m = 2 ** 32 + 7;
    const proof = inclusionPlan(m, n).map((_, i) => sha256(Buffer.from([i])));
    expect(rootFromInclusionProof(m, n, sha256(Buffer.from('leaf')), proof)).toBeDefined();
    expect(inclusionPlan(m, n)).toHaveLength(34);
  });
});
