/**
 * Runs `setup` (idempotent statements on opening a shared SQLite file) again while SQLite answers
 * SQLITE_BUSY, until `timeoutMs` has passed. busy_timeout does not cover every case: when waiting
 * could deadlock, SQLite answers SQLITE_BUSY at once without waiting (a connection that holds a read
 * lock and asks for a write lock while another connection is waiting to write). Two processes that
 * first open a fresh file at the same moment and both switch it to WAL are that case: `npm start`
 * launches three at once, and one of them failed to start with "database is locked".
 *
 * Synchronous like better-sqlite3, and only for opening: the waits between attempts block the thread.
 */
export function retryWhileBusy<T>(setup: () => T, timeoutMs: number, pauseMs = 10): T {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return setup();
    } catch (error) {
      if (!isBusy(error) || Date.now() >= deadline) throw error;
      blockFor(Math.min(pauseMs * attempt, 100, Math.max(0, deadline - Date.now())));
    }
  }
}

/** SQLITE_BUSY and its extended codes (SQLITE_BUSY_RECOVERY, SQLITE_BUSY_SNAPSHOT, ...). */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

function blockFor(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
