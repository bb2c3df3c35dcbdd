import vectors from '../test-vectors/note.json';
import { NoteError, generateSignerKey, openNote, parseNote, parseSignerKey, parseVerifierKey, signNote } from './signed-note.util';
import { openCheckpoint, parseCheckpoint, signCheckpoint } from './checkpoint.util';

// C2SP signed-note vectors from golang/mod sumdb/note and the C2SP specs (see test-vectors/README.md).
describe('C2SP signed notes against the public vectors', () => {
  const peter = parseVerifierKey(vectors.vkey);

  it('parses the vkey and derives its key hash', () => {
    expect(peter.name).toBe('PeterNeumann');
    expect(peter.keyId.toString(16).padStart(8, '0')).toBe(vectors.expected.key_hash);
    expect(peter.vkey).toBe(vectors.vkey);
  });

  it('opens the note and reports the signer', () => {
    const opened = openNote(vectors.note, [peter]);
    expect(opened.text).toBe(vectors.expected.text);
    expect(opened.text).toBe(vectors.signed_text);
    expect(opened.verified.map((s) => s.name)).toEqual(vectors.expected.verified_signers);
  });

  it('reproduces the exact note from the reference private key (Ed25519 is deterministic)', () => {
    const signer = parseSignerKey(vectors.skey_for_reference);
    expect(signer.vkey).toBe(vectors.vkey);
    expect(signer.skey).toBe(vectors.skey_for_reference);
    expect(signNote(vectors.signed_text, [signer])).toBe(vectors.note);
  });

  it('opens a note signed by two keys with either key, and lists the other as unverified', () => {
    const [v] = vectors.extra.filter((e) => e.vkeys && e.vkeys.length === 2);
    const [p, enoch] = v.vkeys!.map(parseVerifierKey);
    expect(openNote(v.note, [p, enoch]).verified.map((s) => s.name)).toEqual(['PeterNeumann', 'EnochRoot']);
    const onlyEnoch = openNote(v.note, [enoch]);
    expect(onlyEnoch.verified.map((s) => s.name)).toEqual(['EnochRoot']);
    expect(onlyEnoch.unverified.map((s) => s.name)).toEqual(['PeterNeumann']);
  });

  it('verifies the C2SP spec example', () => {
    const v = vectors.extra.find((e) => e.vkey?.startsWith('example.com/foo'))!;
    expect(openNote(v.note, [parseVerifierKey(v.vkey!)]).verified).toHaveLength(1);
  });

  it('verifies and parses the real sum.golang.org checkpoint, also among cosigner signatures', () => {
    const sum = vectors.extra.find((e) => e.checkpoint)!;
    const opened = openCheckpoint(sum.note, [parseVerifierKey(sum.vkey!)], 'go.sum database tree');
    expect(opened.checkpoint.treeSize).toBe(sum.checkpoint!.size);
    expect(opened.checkpoint.rootHash.toString('hex')).toBe(sum.checkpoint!.root_hash_hex);
    const many = vectors.extra.find((e) => e.vkeys && e.vkeys.length === 4)!;
    const keys = many.vkeys!.map(parseVerifierKey);
    expect(openNote(many.note, keys).verified).toHaveLength(4);
    expect(openNote(many.note, [keys[0]]).unverified).toHaveLength(3);
  });

  it('parses notes that have no published key, and refuses to call them verified', () => {
    for (const v of vectors.parse_only_no_key) {
      expect(parseNote(v.note).signatures.length).toBeGreaterThan(0);
      expect(() => openNote(v.note, [peter])).toThrow(expect.objectContaining({ code: 'unverified-note' }));
    }
    expect(parseCheckpoint(parseNote(vectors.parse_only_no_key[0].note).text).treeSize).toBe(20852163);
  });

  describe('negative vectors', () => {
    const negatives = vectors.negative;

    it.each(negatives.filter((n) => !n.note && !n.note_construction))('rejects the key: $desc', (n) => {
      expect(() => parseVerifierKey(n.vkey)).toThrow(NoteError);
    });

    it.each(negatives.filter((n) => n.note))('rejects the note: $desc', (n) => {
      expect(() => openNote(n.note!, [parseVerifierKey(n.vkey)])).toThrow(NoteError);
    });

    it('rejects an invalid signature with the key named', () => {
      const bad = negatives.find((n) => n.desc.startsWith('invalid signature'))!;
      expect(() => openNote(bad.note!, [peter])).toThrow('invalid signature for key PeterNeumann+c74f20a3');
    });

    it('rejects more than 100 signatures, and accepts 100', () => {
      const line = vectors.note.slice(vectors.signed_text.length + 1);
      expect(() => openNote(vectors.signed_text + '\n' + line.repeat(101), [peter])).toThrow(expect.objectContaining({ code: 'malformed-note' }));
      expect(openNote(vectors.signed_text + '\n' + line.repeat(100), [peter]).verified).toHaveLength(1);
    });
  });

  it('signs and opens checkpoints with rotated keys: old notes stay verifiable with the old key', () => {
    const oldKey = generateSignerKey('consentry.test/audit', Buffer.alloc(32, 1));
    const newKey = generateSignerKey('consentry.test/audit', Buffer.alloc(32, 2));
    const cp = { origin: 'consentry.test/audit', treeSize: 42, rootHash: Buffer.alloc(32, 7), extensions: [] };
    const before = signCheckpoint(cp, [oldKey]);
    const during = signCheckpoint({ ...cp, treeSize: 43 }, [newKey, oldKey]);
    const verifiers = [oldKey, newKey].map((k) => parseVerifierKey(k.vkey));
    expect(openCheckpoint(before, verifiers).checkpoint.treeSize).toBe(42);
    expect(openCheckpoint(during, [verifiers[0]]).verified.map((s) => s.keyId)).toEqual([oldKey.keyId]);
    expect(openCheckpoint(during, [verifiers[1]]).verified.map((s) => s.keyId)).toEqual([newKey.keyId]);
    expect(() => openCheckpoint(before, [verifiers[1]])).toThrow(expect.objectContaining({ code: 'unverified-note' }));
    expect(() => openCheckpoint(before, verifiers, 'another.origin')).toThrow(NoteError);
  });

  it('refuses malformed checkpoint bodies', () => {
    const root = Buffer.alloc(32).toString('base64');
    for (const body of [`o\n01\n${root}\n`, `o\n1\n${root}`, `\n1\n${root}\n`, `o\n1\nAAAA\n`, `o\n1\n${root}\n\n`, `o\n-1\n${root}\n`]) {
      expect(() => parseCheckpoint(body)).toThrow(NoteError);
    }
    expect(parseCheckpoint(`o\n0\n${root}\next one\n`).extensions).toEqual(['ext one']);
  });

  it('refuses note text a verifier could read differently', () => {
    const key = generateSignerKey('k', Buffer.alloc(32, 3));
    for (const text of ['no newline', 'two\n\n', 'tab\there\n', '\u0001x\n']) expect(() => signNote(text, [key])).toThrow(NoteError);
  });
});
