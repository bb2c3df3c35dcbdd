import type { Logger } from 'pino';

/**
 * Runs the closers in order on SIGTERM or SIGINT, then exits. If they take longer than
 * `timeoutMs`, the process exits anyway with a non-zero code so an orchestrator can restart it.
 */
export function closeOnSignal(logger: Logger, timeoutMs: number, closers: (() => Promise<unknown>)[]) {
  let closing = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown timed out; exiting');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    try {
      for (const close of closers) await close();
      logger.info('shutdown complete');
      logger.flush?.();
      process.exit(0);
    } catch (error) {
      logger.error({ error: (error as Error).message }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}
