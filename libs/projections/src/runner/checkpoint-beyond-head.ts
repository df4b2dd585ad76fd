import { PositionBeyondHeadError } from '@itsm/event-store/port';

export type PositionBeyondHead = PositionBeyondHeadError;

export function isPositionBeyondHead(error: unknown): error is PositionBeyondHeadError {
  return error instanceof PositionBeyondHeadError;
}

/**
 * Said at error level, once per recovery: a checkpoint beyond the head means events were dropped
 * before (the read model was stale and `consistentWith` answered too early), and the replay that
 * follows costs a rebuild's time.
 */
export function replayMessage(key: string, error: PositionBeyondHead): string {
  return (
    `Projection ${key}: its checkpoint ${error.after} is beyond the head of the log (${error.head ?? 'no event yet'}), ` +
    'so it was not written by this log: EventStoreDB 24.2.0 to 24.10.4 (server bug KDB-710) gave it to an earlier ' +
    'adapter, or the log was replaced. Events after it were never projected; replaying from the start ' +
    '(documents skip the events they have already seen, ADR 3).'
  );
}
