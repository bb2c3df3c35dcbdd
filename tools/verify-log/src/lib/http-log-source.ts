import { LogSource, SourceCheckpoint, SourceEntry } from './log-source.types';

const b64 = (s: string) => Buffer.from(s, 'base64');

/** Reads a log through its public verification API (what any outside auditor can do). */
export class HttpLogSource implements LogSource {
  private readonly base: string;

  constructor(url: string) {
    this.base = url.replace(/\/+$/, '');
  }

  describe() {
    return this.base;
  }

  private async get(path: string): Promise<Response> {
    const res = await fetch(this.base + path);
    if (!res.ok) throw new Error(`GET ${path} answered ${res.status}`);
    return res;
  }

  async verifierKeys(): Promise<string[]> {
    return (await (await this.get('/v1/log/keys')).text()).split('\n').filter(Boolean);
  }

  async checkpoints(): Promise<SourceCheckpoint[]> {
    const all: SourceCheckpoint[] = [];
    for (let after = 0; ; ) {
      const { checkpoints } = (await (await this.get(`/v1/log/checkpoints?after=${after}&limit=1000`)).json()) as { checkpoints: SourceCheckpoint[] };
      all.push(...checkpoints.map((c) => ({ id: c.id, note: c.note })));
      if (checkpoints.length < 1000) return all;
      after = checkpoints[checkpoints.length - 1].id;
    }
  }

  async entries(start: number, limit: number): Promise<SourceEntry[]> {
    const { entries } = (await (await this.get(`/v1/log/entries?start=${start}&limit=${Math.min(limit, 1000)}`)).json()) as {
      entries: (Record<string, unknown> & { index: number; leaf: string; leafHash: string })[];
    };
    return entries.map((e) => {
      const { index, leaf, leafHash, sequencedAt: _sequencedAt, ...claimed } = e;
      return { index, leaf: b64(leaf), leafHash: b64(leafHash), claimed };
    });
  }

  async consistencyProof(from: number, to: number): Promise<Buffer[]> {
    const body = (await (await this.get(`/v1/log/proofs/consistency?from=${from}&to=${to}`)).json()) as { proof: string[] };
    return body.proof.map(b64);
  }

  async inclusionProof(index: number, treeSize: number) {
    const body = (await (await this.get(`/v1/log/proofs/inclusion?index=${index}&treeSize=${treeSize}`)).json()) as { proof: string[]; rootHash: string };
    return { proof: body.proof.map(b64), rootHash: b64(body.rootHash) };
  }

  async close() {}
}
