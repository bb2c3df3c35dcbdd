import { NodeFetcher, NodeId, nodeKey } from './merkle-node.types';
import { assertTreeSize, nodeHash, splitPoint } from './merkle-hash.util';

/**
 * A proof (or a root) as the complete subtrees it is made of: one list per hash, folded from the
 * right (h = node(a, node(b, c))) when a hash covers a range that is not a power of two wide.
 * Plans are pure, so the data-access layer fetches every node of a page of proofs in one query.
 */
export type ProofPlan = NodeId[][];

/**
 * The complete subtrees that cover leaves [start, end), left to right. In every range a proof
 * needs, start is aligned to a power of two at least as wide as the range, so this is the
 * binary decomposition of end - start: at most log2(n) nodes.
 */
export function rangeNodes(start: number, end: number): NodeId[] {
  const nodes: NodeId[] = [];
  let at = start;
  while (at < end) {
    let level = 0;
    while (at % 2 ** (level + 1) === 0 && at + 2 ** (level + 1) <= end) level++;
    nodes.push({ level, index: at / 2 ** level });
    at += 2 ** level;
  }
  return nodes;
}

/** The root of a tree of `size` leaves, as the complete subtrees to fold. Empty for size 0. */
export function rootPlan(size: number): NodeId[] {
  assertTreeSize(size, 'size');
  return rangeNodes(0, size);
}

/** RFC 9162 2.1.3.1 PATH(m, D[0:n]): audit path of leaf m, leaf side first. */
export function inclusionPlan(index: number, size: number): ProofPlan {
  assertTreeSize(index, 'index');
  assertTreeSize(size, 'treeSize');
  if (index >= size) throw new RangeError(`index ${index} is not below tree size ${size}`);
  const plan: ProofPlan = [];
  const path = (lo: number, hi: number) => {
    if (hi - lo === 1) return;
    const k = splitPoint(hi - lo);
    if (index < lo + k) {
      path(lo, lo + k);
      plan.push(rangeNodes(lo + k, hi));
    } else {
      path(lo + k, hi);
      plan.push(rangeNodes(lo, lo + k));
    }
  };
  path(0, size);
  return plan;
}

/**
 * RFC 9162 2.1.4.1 PROOF(m, D[0:n]) for 0 < m < n; empty when m == n or m == 0. When m is a
 * power of two the old root is left out, as the RFC says (the verifier already has it).
 */
export function consistencyPlan(from: number, to: number): ProofPlan {
  assertTreeSize(from, 'from');
  assertTreeSize(to, 'to');
  if (from > to) throw new RangeError(`from ${from} is larger than to ${to}`);
  if (from === 0 || from === to) return [];
  const plan: ProofPlan = [];
  const subproof = (m: number, lo: number, hi: number, complete: boolean) => {
    const n = hi - lo;
    if (m === n) {
      if (!complete) plan.push(rangeNodes(lo, hi));
      return;
    }
    const k = splitPoint(n);
    if (m <= k) {
      subproof(m, lo, lo + k, complete);
      plan.push(rangeNodes(lo + k, hi));
    } else {
      subproof(m - k, lo + k, hi, false);
      plan.push(rangeNodes(lo, lo + k));
    }
  };
  subproof(from, 0, to, true);
  return plan;
}

/** Every distinct node a set of plans needs, for one batched fetch. */
export function planNodes(plans: readonly ProofPlan[]): NodeId[] {
  const seen = new Map<string, NodeId>();
  for (const plan of plans) for (const element of plan) for (const id of element) seen.set(nodeKey(id), id);
  return [...seen.values()];
}

/** Folds complete subtrees left to right into the hash of their union, right-heavy as RFC 9162 builds it. */
export function foldRange(hashes: readonly Buffer[]): Buffer {
  if (hashes.length === 0) throw new RangeError('cannot fold an empty range');
  let acc = hashes[hashes.length - 1];
  for (let i = hashes.length - 2; i >= 0; i--) acc = nodeHash(hashes[i], acc);
  return acc;
}

/** Turns plans into hashes with nodes already fetched (keyed by nodeKey). */
export function assemblePlan(plan: ProofPlan, nodes: ReadonlyMap<string, Buffer>): Buffer[] {
  return plan.map((element) =>
    foldRange(
      element.map((id) => {
        const hash = nodes.get(nodeKey(id));
        if (!hash) throw new Error(`node ${nodeKey(id)} was not fetched`);
        return hash;
      }),
    ),
  );
}

/** Fetches every node the plans need in one call and assembles each plan. */
export async function resolvePlans(plans: readonly ProofPlan[], fetch: NodeFetcher): Promise<Buffer[][]> {
  const ids = planNodes(plans);
  const hashes = ids.length ? await fetch(ids) : [];
  if (hashes.length !== ids.length) throw new Error(`node fetcher answered ${hashes.length} hashes for ${ids.length} nodes`);
  const byKey = new Map(ids.map((id, i) => [nodeKey(id), hashes[i]]));
  return plans.map((plan) => assemblePlan(plan, byKey));
}

/** Convenience for one proof. */
export async function resolvePlan(plan: ProofPlan, fetch: NodeFetcher): Promise<Buffer[]> {
  return (await resolvePlans([plan], fetch))[0];
}
