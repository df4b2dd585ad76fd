import { ChainBrokenError, integrityStatus, type EventStore } from '@itsm/event-store/port';

/**
 * Refuses a command on a stream the raised integrity alarm names. A stream whose chain was
 * recomputed after an edit still chains, so its own load cannot tell; the verifier, comparing it
 * with the signed checkpoints, can, and once it has said so nothing more is recorded on top of it.
 *
 * The alarm is read for every command, never from a cache: /health reads it fresh, and a command
 * accepted after /health showed the alarm would be recorded on top of a forged history. (A cache
 * of one second let exactly that through when the alarm followed a command within the second.)
 * It is one read of one event, made while the command's stream loads.
 */
export async function assertIntact(store: EventStore, stream: string): Promise<void> {
  const status = await integrityStatus(store);
  if (status.state === 'broken' && status.firstBreak.stream === stream) throw new ChainBrokenError(status.firstBreak);
}
