import { ProgressReporter, formatDuration, formatProgress } from './progress-bar.util';

function stream(isTTY: boolean) {
  const writes: string[] = [];
  return { isTTY, writes, write: (text: string) => writes.push(text) };
}

describe('formatProgress', () => {
  it('shows count, share, rate and time left', () => {
    expect(formatProgress({ done: 250_000, total: 1_000_000, elapsedMs: 5000 }, 8)).toBe(
      '[##------] 250,000/1,000,000   25.0%  50,000/s  ETA 0:15',
    );
    expect(formatProgress({ done: 0, total: 10, elapsedMs: 0 }, 4)).toBe('[----] 0/10    0.0%  0/s  ETA --:--');
  });

  it('writes durations as m:ss or h:mm:ss', () => {
    expect(formatDuration(59.6)).toBe('1:00');
    expect(formatDuration(3725)).toBe('1:02:05');
  });
});

describe('ProgressReporter', () => {
  it('prints one line per 10% when the stream is not a terminal', () => {
    const out = stream(false);
    const reporter = new ProgressReporter(out);
    for (let done = 0; done <= 1000; done += 50) reporter.update({ done, total: 1000, elapsedMs: done });
    reporter.finish();
    expect(out.writes).toHaveLength(10);
    expect(out.writes.every((line) => line.endsWith('\n') && !line.includes('\r'))).toBe(true);
    expect(out.writes[9]).toContain('1,000/1,000');
  });

  it('redraws in place on a terminal, at most every 100 ms, and always at the end', () => {
    const out = stream(true);
    const reporter = new ProgressReporter(out);
    for (let ms = 0; ms <= 1000; ms += 10) reporter.update({ done: ms, total: 1000, elapsedMs: ms });
    reporter.finish();
    expect(out.writes.length).toBe(12); // 0, 100, ..., 1000 and the closing newline
    expect(out.writes[0].startsWith('\r')).toBe(true);
    expect(out.writes.at(-1)).toBe('\n');
  });
});
