import { setMaxListeners } from 'node:events';

/**
 * The controller a store aborts when it closes. Every subscription of the store listens to its
 * signal (a projector runs one per projection), so the default warning at 11 listeners is noise.
 */
export function closingController(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}

/** One signal that aborts when any of the given ones does; dispose() detaches the listeners. */
export function linkSignals(signals: readonly (AbortSignal | undefined)[]): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  const sources = signals.filter((signal): signal is AbortSignal => signal !== undefined);
  for (const source of sources) {
    if (source.aborted) controller.abort();
    else source.addEventListener('abort', abort, { once: true });
  }
  return { signal: controller.signal, dispose: () => sources.forEach((source) => source.removeEventListener('abort', abort)) };
}

/** Waits `ms`, or less when `signal` aborts; never rejects, the caller checks the signal. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
