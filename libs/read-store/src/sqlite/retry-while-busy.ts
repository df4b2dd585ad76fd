/**
 * The read store's twin of the event store's retryWhileBusy (libs/event-store/src/sqlite/retry-while-busy.ts,
 * where the reason is told): the two store libs share only types (the dependency rule), and both
 * SQLite files are opened by three processes at once. Idempotent setup is tried again while SQLite
 * answers SQLITE_BUSY without waiting, until `timeoutMs`.
 */
export function retryWhileBusy<T>(setup: () => T, timeoutMs: number): T {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return setup();
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (typeof code !== 'string' || !code.startsWith('SQLITE_BUSY') || Date.now() >= deadline) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.min(10 * attempt, 100));
    }
  }
}
