import {
  AuditLeaf,
  Checkpoint,
  EMPTY_FRONTIER,
  NoteVerifier,
  StoredNode,
  TreeFrontier,
  CanonicalValue,
  appendToFrontier,
  canonicalJson,
  decodeAuditLeaf,
  equalHashes,
  frontierRoot,
  leafHash,
  leafNamesCitizen,
  nodeKey,
  nodesToStore,
  openCheckpoint,
  parseVerifierKey,
  verifyConsistency,
  verifyInclusion,
} from '@consentry/audit-domain';
import { NODE_STRIDE } from '@consentry/audit-data-access';
import { LogSource } from './log-source.types';

export interface VerifyOptions {
  /** Keys to trust (vkeys); when empty, the log's own key list is used and the report says so. */
  trustedKeys?: string[];
  /** The origin every checkpoint must carry; by default, that of the first checkpoint. */
  origin?: string;
  /** Entries fetched per request. */
  pageSize?: number;
  /** Inclusion proofs the log is asked for and checked (beyond the full rebuild), spread over the log. */
  inclusionSamples?: number;
  onProgress?: (done: number) => void;
}

export interface VerifyReport {
  ok: boolean;
  problems: string[];
  lines: string[];
  entries: number;
  checkpoints: number;
}

const MAX_PROBLEMS = 1000;
const hex = (b: Buffer) => b.toString('hex');

/**
 * Verifies a whole log in one pass with memory independent of its size: re-hashes every leaf,
 * rebuilds the tree incrementally, compares the root at every checkpoint's size with the signed
 * root, checks every signature, and asks the log for consistency proofs between consecutive
 * checkpoints (and, from the database, compares every stored node and the sequencer state).
 */
export async function verifyLog(source: LogSource, options: VerifyOptions = {}): Promise<VerifyReport> {
  const problems: string[] = [];
  const lines: string[] = [`source: ${source.describe()}`];
  const problem = (text: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push(text);
  };

  // 1. Keys and checkpoint signatures.
  const served = await source.verifierKeys();
  const trusted = options.trustedKeys?.length ? options.trustedKeys : served;
  if (!options.trustedKeys?.length) lines.push('keys: trusting the key list the log itself publishes (pin keys with --key for an independent check)');
  const verifiers: NoteVerifier[] = [];
  for (const vkey of trusted) {
    try {
      verifiers.push(parseVerifierKey(vkey));
    } catch (error) {
      problem(`verifier key ${vkey} is invalid: ${(error as Error).message}`);
    }
  }
  lines.push(`keys: ${verifiers.map((v) => v.vkey.split('+').slice(0, 2).join('+')).join(', ') || '(none)'}`);

  const checkpoints: (Checkpoint & { id: number })[] = [];
  for (const c of await source.checkpoints()) {
    try {
      const opened = openCheckpoint(c.note, verifiers, options.origin ?? checkpoints[0]?.origin);
      checkpoints.push({ ...opened.checkpoint, id: c.id });
    } catch (error) {
      problem(`checkpoint ${c.id}: ${(error as Error).message}`);
    }
  }
  for (let i = 1; i < checkpoints.length; i++) {
    if (checkpoints[i].treeSize < checkpoints[i - 1].treeSize) {
      problem(`checkpoint ${checkpoints[i].id} has tree size ${checkpoints[i].treeSize}, smaller than the one before it (${checkpoints[i - 1].treeSize})`);
    }
  }
  lines.push(`checkpoints: ${checkpoints.length} with valid signatures${checkpoints.length ? `, origin "${checkpoints[0].origin}", sizes ${checkpoints[0].treeSize}..${checkpoints[checkpoints.length - 1].treeSize}` : ''}`);

  // 2. Every leaf, the rebuilt tree, and the roots at checkpoint sizes.
  const bySize = new Map<number, (Checkpoint & { id: number })[]>();
  for (const c of checkpoints) bySize.set(c.treeSize, [...(bySize.get(c.treeSize) ?? []), c]);
  const checkRoot = (frontier: TreeFrontier) => {
    for (const c of bySize.get(frontier.size) ?? []) {
      if (!equalHashes(frontierRoot(frontier), c.rootHash)) {
        problem(`checkpoint ${c.id}: signed root ${hex(c.rootHash)} for size ${c.treeSize}, but the entries give ${hex(frontierRoot(frontier))}`);
      }
    }
  };
  let frontier: TreeFrontier = EMPTY_FRONTIER;
  let nodesCompared = 0;
  checkRoot(frontier);
  const pageSize = options.pageSize ?? 1000;
  for (;;) {
    const batch = await source.entries(frontier.size, pageSize);
    if (batch.length === 0) break;
    const hashes: Buffer[] = [];
    for (const entry of batch) {
      const expected = frontier.size + hashes.length;
      if (entry.index !== expected) {
        problem(`entry ${expected} is missing (the next entry is ${entry.index})`);
        return finish();
      }
      const hash = leafHash(entry.leaf);
      if (!equalHashes(hash, entry.leafHash)) problem(`entry ${entry.index}: leaf hash ${hex(entry.leafHash)} stored, leaf bytes hash to ${hex(hash)}`);
      checkEntryFields(entry.index, entry.leaf, entry.claimed, entry.citizenPseudonym, entry.subjectSalt, problem);
      hashes.push(hash);
    }
    // Append one leaf at a time so the root is checked at every checkpoint size inside the batch.
    const created: StoredNode[] = [];
    for (const hash of hashes) {
      const step = appendToFrontier(frontier, [hash]);
      frontier = step.frontier;
      created.push(...step.nodes);
      checkRoot(frontier);
    }
    if (source.storedNodes) nodesCompared += await compareStoredNodes(source, created, problem);
    options.onProgress?.(frontier.size);
  }
  const lastCheckpoint = checkpoints[checkpoints.length - 1];
  if (lastCheckpoint && lastCheckpoint.treeSize > frontier.size) {
    problem(`the latest checkpoint covers ${lastCheckpoint.treeSize} entries but the log holds ${frontier.size}`);
  }
  lines.push(`entries: ${frontier.size} leaves re-hashed and the tree rebuilt; root ${hex(frontierRoot(frontier))}`);

  // 3. The log's own proofs: consistency between consecutive checkpoints, a sample of inclusions.
  let consistencyChecked = 0;
  for (let i = 1; i < checkpoints.length; i++) {
    const [a, b] = [checkpoints[i - 1], checkpoints[i]];
    if (a.treeSize > b.treeSize || b.treeSize > frontier.size) continue;
    try {
      const proof = await source.consistencyProof(a.treeSize, b.treeSize);
      if (!verifyConsistency(a.treeSize, b.treeSize, a.rootHash, b.rootHash, proof)) {
        problem(`checkpoints ${a.id} -> ${b.id}: the consistency proof ${a.treeSize} -> ${b.treeSize} does not verify`);
      }
      consistencyChecked++;
    } catch (error) {
      problem(`checkpoints ${a.id} -> ${b.id}: no consistency proof: ${(error as Error).message}`);
    }
  }
  lines.push(`consistency: ${consistencyChecked} consecutive checkpoint pairs proven by the log's proofs (and implied by the rebuild)`);
  if (lastCheckpoint && lastCheckpoint.treeSize > 0 && lastCheckpoint.treeSize <= frontier.size) {
    const n = lastCheckpoint.treeSize;
    const samples = new Set([0, n - 1, ...Array.from({ length: options.inclusionSamples ?? 32 }, (_, i) => Math.floor(((i + 0.5) * n) / (options.inclusionSamples ?? 32)))]);
    let inclusionChecked = 0;
    for (const index of samples) {
      const [entry] = await source.entries(index, 1);
      try {
        const { proof, rootHash } = await source.inclusionProof(index, n);
        if (!equalHashes(rootHash, lastCheckpoint.rootHash) || !verifyInclusion(index, n, leafHash(entry.leaf), proof, lastCheckpoint.rootHash)) {
          problem(`entry ${index}: the log's inclusion proof in tree ${n} does not verify against the checkpoint`);
        }
        inclusionChecked++;
      } catch (error) {
        problem(`entry ${index}: no inclusion proof: ${(error as Error).message}`);
      }
    }
    lines.push(`inclusion: ${inclusionChecked} proofs from the log checked against the latest checkpoint`);
  }

  // 4. Database only: the sequencer state and the node table as a whole.
  if (source.treeState) {
    try {
      const state = await source.treeState();
      if (state.size !== frontier.size) problem(`tree_state says ${state.size} entries, the entries table holds ${frontier.size}`);
      else if (!equalHashes(state.rootHash, frontierRoot(frontier))) problem(`tree_state root ${hex(state.rootHash)} differs from the rebuilt root`);
      else if (state.frontier.length !== frontier.hashes.length || state.frontier.some((h, i) => !equalHashes(h, frontier.hashes[i]))) {
        problem('tree_state frontier differs from the rebuilt one');
      }
    } catch (error) {
      problem(`tree_state is unreadable: ${(error as Error).message}`);
    }
  }
  if (source.storedNodeCount) {
    const expected = countStoredNodes(frontier.size);
    const actual = await source.storedNodeCount();
    if (actual !== expected) problem(`tree_nodes holds ${actual} rows; a tree of ${frontier.size} entries has ${expected}`);
    lines.push(`tree_nodes: ${nodesCompared} stored nodes equal the rebuilt ones`);
  }
  return finish();

  function finish(): VerifyReport {
    return { ok: problems.length === 0, problems, lines, entries: frontier.size, checkpoints: checkpoints.length };
  }
}

const PUBLIC_FIELDS: (keyof AuditLeaf)[] = ['eventId', 'occurredAt', 'organisationId', 'operation', 'purpose', 'legalBasis', 'decision', 'reasonCode', 'fields', 'fee', 'requestId', 'disclosureAfter', 'subject', 'noMatch', 'sequentialId', 'actor'];

/** What the source shows beside the leaf must say what the leaf says. */
function checkEntryFields(
  index: number,
  bytes: Buffer,
  claimed: Record<string, unknown>,
  pseudonym: string | null | undefined,
  salt: Buffer | null | undefined,
  problem: (text: string) => void,
) {
  let leaf: AuditLeaf;
  try {
    leaf = decodeAuditLeaf(bytes);
  } catch (error) {
    problem(`entry ${index}: leaf is not a canonical audit leaf: ${(error as Error).message}`);
    return;
  }
  const expected: Record<string, unknown> = Object.fromEntries(PUBLIC_FIELDS.map((f) => [f, leaf[f]]));
  expected['feeAmountVnd'] = leaf.fee?.amountVnd ?? null;
  for (const [field, value] of Object.entries(claimed)) {
    if (!(field in expected)) continue;
    const same = canonicalJson((value ?? null) as CanonicalValue) === canonicalJson((expected[field] ?? null) as CanonicalValue);
    if (!same) problem(`entry ${index}: ${field} shown as ${JSON.stringify(value)} but the leaf says ${JSON.stringify(expected[field])}`);
  }
  if (pseudonym !== undefined) {
    const named = pseudonym === null ? leaf.subject === null : !!salt && leafNamesCitizen(leaf, pseudonym, salt);
    if (!named) problem(`entry ${index}: the citizen column does not match the leaf's subject commitment`);
  }
}

async function compareStoredNodes(source: LogSource, created: StoredNode[], problem: (text: string) => void): Promise<number> {
  const expected = nodesToStore(created, NODE_STRIDE).filter((n) => n.level > 0);
  const stored = await source.storedNodes!(expected);
  for (const node of expected) {
    const hash = stored.get(nodeKey(node));
    if (!hash) problem(`tree node ${nodeKey(node)} is missing`);
    else if (!equalHashes(hash, node.hash)) problem(`tree node ${nodeKey(node)} is ${hex(hash)}, the entries give ${hex(node.hash)}`);
  }
  return expected.length;
}

/** Complete subtrees on stored interior levels in a tree of n leaves. */
export function countStoredNodes(n: number): number {
  let count = 0;
  for (let level = NODE_STRIDE; 2 ** level <= n; level += NODE_STRIDE) count += Math.floor(n / 2 ** level);
  return count;
}
