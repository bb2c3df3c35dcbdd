export interface Progress {
  done: number;
  total: number;
  elapsedMs: number;
}

export interface TextStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

const n = (value: number) => Math.round(value).toLocaleString('en-US');

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.max(0, Math.round(seconds));
  const [h, m, rest] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  const mmss = `${String(m).padStart(h > 0 ? 2 : 1, '0')}:${String(rest).padStart(2, '0')}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
}

/** "[########------------] 412,000/1,000,000  41.2%  52,310/s  ETA 0:11" */
export function formatProgress({ done, total, elapsedMs }: Progress, width = 24): string {
  const fraction = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(fraction * width);
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const eta = rate > 0 ? (total - done) / rate : Infinity;
  return (
    `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${n(done)}/${n(total)}` +
    `  ${(fraction * 100).toFixed(1).padStart(5)}%  ${n(rate)}/s  ETA ${formatDuration(eta)}`
  );
}

/**
 * Progress on a stream: redrawn in place at most ten times a second on a terminal; in a log
 * file or CI output, one line per 10% so the log stays short.
 */
export class ProgressReporter {
  private lastDrawMs = -Infinity;
  private nextDecile = 1;
  private drawn = false;

  constructor(private readonly stream: TextStream) {}

  update(progress: Progress): void {
    const complete = progress.done >= progress.total;
    if (this.stream.isTTY) {
      if (!complete && progress.elapsedMs - this.lastDrawMs < 100) return;
      this.lastDrawMs = progress.elapsedMs;
      this.stream.write(`\r${formatProgress(progress)}\x1b[K`);
      this.drawn = true;
      return;
    }
    const decile = progress.total > 0 ? Math.floor((progress.done * 10) / progress.total) : 10;
    if (decile < this.nextDecile) return;
    this.nextDecile = decile + 1;
    this.stream.write(`${formatProgress(progress)}\n`);
  }

  /** Ends the redrawn line so what follows starts on its own. */
  finish(): void {
    if (this.stream.isTTY && this.drawn) this.stream.write('\n');
    this.drawn = false;
  }
}
