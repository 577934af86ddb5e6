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
