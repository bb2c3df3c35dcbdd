export interface CoalescerOptions {
  /** Most calls run together. */
  maxBatch: number;
  /** Batches running at once; a call waits only when all of them are busy. */
  maxInFlight: number;
}

interface Waiting<A, R> {
  args: A;
  resolve(result: R | PromiseLike<R>): void;
  reject(error: unknown): void;
}

/**
 * Runs concurrent calls together: `run` takes a batch of arguments and returns one result per
 * argument, in order (a result may itself be a promise, settled later without holding up the
 * next batch). A call runs at once while fewer than `maxInFlight` batches are running, so at
 * light load nothing waits and a batch is a single call; under load, calls queue while every
 * batch is busy, and the next free one takes up to `maxBatch` of them. If `run` throws, every
 * call of that batch fails with its error.
 *
 * Used for group commit and for the request path's keyed reads (ADR 0006): one statement, one
 * round trip and one commit for many requests.
 */
export class Coalescer<A, R> {
  private readonly queue: Waiting<A, R>[] = [];
  private inFlight = 0;

  constructor(
    private readonly run: (batch: A[]) => Promise<(R | PromiseLike<R>)[]>,
    private readonly options: CoalescerOptions,
  ) {
    if (!(options.maxBatch >= 1 && options.maxInFlight >= 1)) throw new RangeError('maxBatch and maxInFlight must be at least 1');
  }

  call(args: A): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ args, resolve, reject });
      if (this.inFlight < this.options.maxInFlight) void this.drain();
    });
  }

  private async drain() {
    this.inFlight++;
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, this.options.maxBatch);
        try {
          const results = await this.run(batch.map((w) => w.args));
          if (results.length !== batch.length) throw new Error(`a batch of ${batch.length} calls returned ${results.length} results`);
          batch.forEach((w, i) => w.resolve(results[i]));
        } catch (error) {
          for (const w of batch) w.reject(error);
        }
      }
    } finally {
      this.inFlight--;
    }
  }
}
