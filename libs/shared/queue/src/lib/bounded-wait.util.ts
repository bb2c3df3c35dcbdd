/**
 * `work`, or a rejection once `ms` have passed. For queue calls made while a client waits:
 * producers on Redis fail at once while it is away (queue-backend), but a command sent just
 * before it went is tried again once it returns, and a slow server answers late. Work given up
 * on still runs to its end, and its failure is dropped here: callers give up only on work that is
 * harmless to repeat.
 */
export async function boundedWait<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  work.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
