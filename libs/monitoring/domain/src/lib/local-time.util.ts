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
