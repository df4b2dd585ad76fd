/**
 * Wakes live subscriptions when this process appends. Waiters compare against a version taken
 * BEFORE they read, so an append that lands between a read and the wait is never missed.
 */
export class ChangeNotifier {
  private currentVersion = 0;
  private readonly waiters = new Set<() => void>();

  get version(): number {
    return this.currentVersion;
  }

  notify(): void {
    this.currentVersion += 1;
    for (const wake of [...this.waiters]) wake();
  }

  /**
   * Resolves when the version moved past `sinceVersion`, when `signal` aborts, or after
   * `timeoutMs` (stores shared with other processes poll; null waits for a local change only).
   */
  waitForChange(sinceVersion: number, signal: AbortSignal, timeoutMs: number | null): Promise<void> {
    if (this.currentVersion !== sinceVersion || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = (): void => {
        this.waiters.delete(finish);
        signal.removeEventListener('abort', finish);
        if (timer !== undefined) clearTimeout(timer);
        resolve();
      };
      this.waiters.add(finish);
      signal.addEventListener('abort', finish, { once: true });
      if (timeoutMs !== null) timer = setTimeout(finish, timeoutMs);
    });
  }
}
