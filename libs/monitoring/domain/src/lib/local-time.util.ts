/** Local hour (0-23) and weekday slot for a fixed UTC offset. */
export function localSlot(ms: number, utcOffsetMinutes: number): { hour: number; dayOfWeek: number; slot: number } {
  const local = new Date(ms + utcOffsetMinutes * 60_000);
  const hour = local.getUTCHours();
  const dayOfWeek = local.getUTCDay();
  return { hour, dayOfWeek, slot: dayOfWeek * 24 + hour };
}

/** Start of the window holding `ms`; windows are aligned to the epoch so batches agree on them. */
export function windowStart(ms: number, windowMinutes: number): number {
  const size = windowMinutes * 60_000;
  return Math.floor(ms / size) * size;
}

/**
 * The `unitMinutes`-aligned windows holding each instant, merged when adjacent: the time ranges
 * whose earlier entries a consumer must read to make the windows it touches whole (see
 * `DetectionWindows.missing`).
 */
export function windowsToReread(instantsMs: readonly number[], unitMinutes: number): { fromMs: number; toMs: number }[] {
  const size = unitMinutes * 60_000;
  const starts = [...new Set(instantsMs.map((ms) => windowStart(ms, unitMinutes)))].sort((a, b) => a - b);
  const ranges: { fromMs: number; toMs: number }[] = [];
  for (const start of starts) {
    const last = ranges[ranges.length - 1];
    if (last && last.toMs === start) last.toMs = start + size;
    else ranges.push({ fromMs: start, toMs: start + size });
  }
  return ranges;
}

/** The window every rule's window divides: the unit a detection pass re-reads (at least an hour). */
export function detectionUnitMinutes(windowMinutes: readonly number[]): number {
  const unit = Math.max(60, ...windowMinutes);
  for (const w of windowMinutes) if (unit % w !== 0) throw new Error(`a rule window of ${w} min does not divide ${unit} min`);
  return unit;
}
