import { NodeId } from '@consentry/audit-domain';

export interface SourceCheckpoint {
  id: number;
  note: string;
}

/** An entry as the source holds it: the leaf bytes and what the source claims beside them. */
export interface SourceEntry {
  index: number;
  leaf: Buffer;
  /** The leaf hash the source stores or serves. */
  leafHash: Buffer;
  /** Fields the source shows beside the leaf (columns or JSON), to be compared with the leaf. */
  claimed: Record<string, unknown>;
  /** Database only: the citizen pseudonym and the salt of its commitment. */
  citizenPseudonym?: string | null;
  subjectSalt?: Buffer | null;
}

/** Where the verifier reads a log from: the public API or the database tables. */
export interface LogSource {
  describe(): string;
  verifierKeys(): Promise<string[]>;
  checkpoints(): Promise<SourceCheckpoint[]>;
  /** Entries [start, start + limit) that exist, in index order. */
  entries(start: number, limit: number): Promise<SourceEntry[]>;
  consistencyProof(from: number, to: number): Promise<Buffer[]>;
  inclusionProof(index: number, treeSize: number): Promise<{ proof: Buffer[]; rootHash: Buffer }>;
  /** Database only: stored interior nodes by id (missing ones absent), and the sequencer state. */
  storedNodes?(ids: NodeId[]): Promise<Map<string, Buffer>>;
  storedNodeCount?(): Promise<number>;
  treeState?(): Promise<{ size: number; frontier: Buffer[]; rootHash: Buffer }>;
  close(): Promise<void>;
}
