import { hasReached, sleep, type Position } from '@itsm/event-store/port';
import type { ReadStore } from '@itsm/read-store/port';

export interface WaitForPositionOptions {
  readonly timeoutMs: number;
  readonly pollMs: number;
  readonly signal?: AbortSignal;
}

/**
 * For `consistentWith`: resolves true once every named projection's checkpoint has reached
 * `position` (the log position a command answered with), false when the time is up. The
 * checkpoints advance past events of streams a projection ignores, so any position can be waited for.
 */
export async function waitForPosition(
  readStore: ReadStore,
  projectionKeys: readonly string[],
  position: Position,
  options: WaitForPositionOptions,
): Promise<boolean> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const checkpoints = await Promise.all(projectionKeys.map((key) => readStore.checkpoint(key)));
    if (checkpoints.every((checkpoint) => hasReached(checkpoint, position))) return true;
    const remaining = deadline - Date.now();
    if (remaining <= 0 || options.signal?.aborted) return false;
    await sleep(Math.min(options.pollMs, remaining), options.signal);
  }
}
