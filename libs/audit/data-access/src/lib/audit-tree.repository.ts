import {
  EMPTY_ROOT,
  NodeFetcher,
  NodeId,
  consistencyPlan,
  fetcherOverStorage,
  inclusionPlan,
  resolvePlan,
  resolvePlans,
  rootPlan,
  foldRange,
} from '@consentry/audit-domain';
import { NODE_STRIDE, encodeNodeKey } from './audit-storage.constant';
import { Queryable } from './queryable.types';
import { readFrontier } from './audit-log.writer';

export interface TreeHead {
  size: number;
  rootHash: Buffer;
  updatedAt: Date;
}

/**
 * Reads the tree for proofs. Every proof is planned from the sizes alone (audit-domain) and its
 * nodes fetched in one round trip: leaf hashes from entries, interior nodes from tree_nodes by
 * primary key, so the cost is O(log n) index lookups whatever the size of the log.
 */
export class AuditTreeRepository {
  readonly fetchNodes: NodeFetcher;
  /**
   * Complete subtrees never change, so the upper levels, which every proof shares, are kept in
   * memory: a proof then reads only its lowest ~8 levels from the database. Bounded, and only
   * filled with nodes the database returned (a missing node is never cached).
   */
  private readonly upperLevels = new Map<string, Buffer>();

  constructor(
    private readonly source: Queryable,
    private readonly cache: { minLevel: number; maxNodes: number } = { minLevel: 8, maxNodes: 100_000 },
  ) {
    this.fetchNodes = fetcherOverStorage((ids) => this.fetchCached(ids), NODE_STRIDE);
  }

  private async fetchCached(ids: readonly NodeId[]): Promise<Buffer[]> {
    const cacheable = (id: NodeId) => id.level >= this.cache.minLevel;
    const key = (id: NodeId) => encodeNodeKey(id.level, id.index);
    const missing = ids.filter((id) => !(cacheable(id) && this.upperLevels.has(key(id))));
    const fetched = missing.length ? await this.fetchStored(missing) : [];
    const found = new Map(missing.map((id, i) => [key(id), fetched[i]]));
    missing.forEach((id, i) => {
      if (!cacheable(id)) return;
      // Oldest first out: Map iterates in insertion order.
      if (this.upperLevels.size >= this.cache.maxNodes) this.upperLevels.delete(this.upperLevels.keys().next().value!);
      this.upperLevels.set(key(id), fetched[i]);
    });
    return ids.map((id) => found.get(key(id)) ?? this.upperLevels.get(key(id))!);
  }

  async head(): Promise<TreeHead> {
    const [row] = await this.source.query(`SELECT "size", "root_hash", "updated_at" FROM "audit"."tree_state" WHERE "id" = 1`);
    return { size: Number(row.size), rootHash: row.root_hash, updatedAt: row.updated_at };
  }

  /** The frontier as the sequencer last wrote it (the verifier compares it with its own). */
  async frontier() {
    const [row] = await this.source.query(`SELECT "size", "frontier" FROM "audit"."tree_state" WHERE "id" = 1`);
    return readFrontier(Number(row.size), row.frontier);
  }

  inclusionProof(index: number, treeSize: number): Promise<Buffer[]> {
    return resolvePlan(inclusionPlan(index, treeSize), this.fetchNodes);
  }

  /** An inclusion proof and the root it leads to, from one node fetch (one round trip). */
  async inclusionProofWithRoot(index: number, treeSize: number): Promise<{ proof: Buffer[]; rootHash: Buffer }> {
    const [proof, [rootHash]] = await resolvePlans([inclusionPlan(index, treeSize), [rootPlan(treeSize)]], this.fetchNodes);
    return { proof, rootHash };
  }

  /** Proofs for many leaves against one tree size (a page of citizen history), in one fetch. */
  inclusionProofs(indexes: readonly number[], treeSize: number): Promise<Buffer[][]> {
    return resolvePlans(indexes.map((i) => inclusionPlan(i, treeSize)), this.fetchNodes);
  }

  consistencyProof(from: number, to: number): Promise<Buffer[]> {
    return resolvePlan(consistencyPlan(from, to), this.fetchNodes);
  }

  /** The root the tree had at an earlier size, from stored nodes. */
  async rootAt(size: number): Promise<Buffer> {
    const plan = rootPlan(size);
    if (plan.length === 0) return EMPTY_ROOT;
    return foldRange(await this.fetchNodes(plan));
  }

  /**
   * Stored nodes only, in one round trip: level 0 from entries.leaf_hash, other stored levels
   * from tree_nodes (both by primary key).
   */
  private async fetchStored(ids: readonly NodeId[]): Promise<Buffer[]> {
    const leaves = [...new Set(ids.filter((id) => id.level === 0).map((id) => id.index))];
    const interior = [...new Set(ids.filter((id) => id.level > 0).map((id) => encodeNodeKey(id.level, id.index)))];
    const rows: { leaf: boolean; key: string; hash: Buffer }[] = await this.source.query(
      `SELECT true AS "leaf", "idx" AS "key", "leaf_hash" AS "hash" FROM "audit"."entries" WHERE "idx" = ANY($1::bigint[])
       UNION ALL
       SELECT false, "node_key", "hash" FROM "audit"."tree_nodes" WHERE "node_key" = ANY($2::bigint[])`,
      [leaves, interior],
    );
    const byLeaf = new Map(rows.filter((r) => r.leaf).map((r) => [Number(r.key), r.hash]));
    const byKey = new Map(rows.filter((r) => !r.leaf).map((r) => [String(r.key), r.hash]));
    return ids.map((id) => {
      const hash = id.level === 0 ? byLeaf.get(id.index) : byKey.get(encodeNodeKey(id.level, id.index));
      if (!hash) throw new Error(`tree node ${id.level}/${id.index} is missing`);
      return hash;
    });
  }
}
