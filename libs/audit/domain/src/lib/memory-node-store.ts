import { NodeFetcher, StoredNode, nodeKey } from './merkle-node.types';
import { TreeFrontier, EMPTY_FRONTIER, appendToFrontier, frontierRoot } from './merkle-frontier.util';

/**
 * A whole log's complete subtrees in memory: for tests, small tools and comparisons. The
 * services use the same plans against the database instead.
 */
export class MemoryNodeStore {
  private readonly nodes = new Map<string, Buffer>();
  private frontier: TreeFrontier = EMPTY_FRONTIER;

  get size(): number {
    return this.frontier.size;
  }

  append(leafHashes: readonly Buffer[]): StoredNode[] {
    const result = appendToFrontier(this.frontier, leafHashes);
    this.frontier = result.frontier;
    for (const node of result.nodes) this.nodes.set(nodeKey(node), node.hash);
    return result.nodes;
  }

  root(): Buffer {
    return frontierRoot(this.frontier);
  }

  readonly fetch: NodeFetcher = async (ids) =>
    ids.map((id) => {
      const hash = this.nodes.get(nodeKey(id));
      if (!hash) throw new Error(`no node ${nodeKey(id)}`);
      return hash;
    });
}
