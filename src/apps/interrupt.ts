import type { Logger } from '../log.js';

/**
 * Ctrl-C (or SIGTERM) asks long work to stop cleanly: the first signal aborts
 * the returned signal so the work can flush what is in flight and report; a
 * second one exits at once with 130, for when flushing hangs.
 */
export function stopOnInterrupt(onFirst?: () => void): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const handler = () => {
    if (controller.signal.aborted) process.exit(130);
    onFirst?.();
    controller.abort();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}

/** How long a clean shutdown may take before the process gives up on it. */
const SHUTDOWN_TIMEOUT_MS = 15_000;

/**
 * For servers: on the first SIGINT or SIGTERM, run `close` and exit 0 (1 if it
 * fails); a second signal, or a close that hangs, exits at once.
 */
export function closeOnInterrupt(logger: Logger, close: () => Promise<void>): void {
  const { signal } = stopOnInterrupt();
  signal.addEventListener('abort', () => {
    logger.info('shutting down');
    setTimeout(() => {
      logger.error({ timeoutMs: SHUTDOWN_TIMEOUT_MS }, 'shutdown did not finish in time; exiting anyway');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    close().then(
      () => process.exit(0),
      (err) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
