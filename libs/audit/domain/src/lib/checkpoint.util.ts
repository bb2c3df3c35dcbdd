import { decodeBase64Strict, encodeBase64 } from './base64.util';
import { HASH_SIZE } from './merkle-hash.util';
import { NoteError, NoteSigner, NoteVerifier, OpenedNote, openNote, signNote } from './signed-note.util';

/**
 * C2SP tlog-checkpoint body (https://github.com/C2SP/C2SP/blob/main/tlog-checkpoint.md):
 * origin line, decimal tree size, base64 root hash, then optional extension lines.
 */
export interface Checkpoint {
  origin: string;
  treeSize: number;
  rootHash: Buffer;
  extensions: string[];
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f]/;

export function formatCheckpoint(checkpoint: Checkpoint): string {
  if (!checkpoint.origin || CONTROL.test(checkpoint.origin)) throw new NoteError('malformed-note', 'invalid checkpoint origin');
  if (!Number.isSafeInteger(checkpoint.treeSize) || checkpoint.treeSize < 0) throw new NoteError('malformed-note', 'invalid tree size');
  if (checkpoint.rootHash.length !== HASH_SIZE) throw new NoteError('malformed-note', 'root hash must be 32 bytes');
  for (const line of checkpoint.extensions) {
    if (!line || CONTROL.test(line)) throw new NoteError('malformed-note', 'invalid checkpoint extension line');
  }
  return [checkpoint.origin, String(checkpoint.treeSize), encodeBase64(checkpoint.rootHash), ...checkpoint.extensions].join('\n') + '\n';
}

/** Parses a checkpoint body (the signed text of the note); throws NoteError. */
export function parseCheckpoint(text: string): Checkpoint {
  const malformed = (why: string) => new NoteError('malformed-note', `malformed checkpoint: ${why}`);
  if (!text.endsWith('\n')) throw malformed('no final newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw malformed('fewer than three lines');
  const [origin, size, root, ...extensions] = lines;
  if (!origin) throw malformed('empty origin');
  // Decimal without leading zeros, as the spec requires; precision limits us to 2^53 - 1.
  if (!/^(0|[1-9][0-9]*)$/.test(size) || !Number.isSafeInteger(Number(size))) throw malformed('bad tree size');
  const rootHash = decodeBase64Strict(root);
  if (!rootHash || rootHash.length !== HASH_SIZE) throw malformed('bad root hash');
  if (extensions.some((line) => line === '')) throw malformed('empty extension line');
  return { origin, treeSize: Number(size), rootHash, extensions };
}

export function signCheckpoint(checkpoint: Checkpoint, signers: readonly NoteSigner[]): string {
  return signNote(formatCheckpoint(checkpoint), signers);
}

/** Opens a signed checkpoint; when `origin` is given the checkpoint must be for that log. */
export function openCheckpoint(note: string, verifiers: readonly NoteVerifier[], origin?: string): OpenedNote & { checkpoint: Checkpoint } {
  const opened = openNote(note, verifiers);
  const checkpoint = parseCheckpoint(opened.text);
  if (origin !== undefined && checkpoint.origin !== origin) {
    throw new NoteError('malformed-note', `checkpoint is for origin "${checkpoint.origin}", expected "${origin}"`);
  }
  return { ...opened, checkpoint };
}
