/**
 * What a filtered subscription to $all sends when catch-up ends, just before CaughtUp:
 * - 'caught-up-only' (23.10): nothing; the checkpoint count carries over into live;
 * - 'checkpoint' (24.10.5 and later, 25.0): a checkpoint at the last considered event (at the start
 *   position when there was none), and the count restarts there;
 * - 'checkpoint-kdb-710' (24.2.0 to 24.10.4): the same, except that a subscription from the start
 *   that has sent nothing yet gets Position.End, (2^64−1, 2^64−1), beyond any log (server bug KDB-710).
 *
 * KDB-710 as we read it in kurrent-io/KurrentDB (behaviour only; no server code is copied here):
 * src/EventStore.Core/Services/Transport/Enumerators/Enumerator.AllSubscriptionFiltered.cs at tag
 * v24.10.4, the same in behaviour at oss-v24.2.0, where commit 134b4a92 added the end-of-catch-up
 * checkpoint (`if (completed.IsEndOfStream) SendCheckpointToSubscription(checkpoint)`).
 * - A subscription from the start (ReadReq `AllOptions.start`, which ReadReq.cs maps to a null
 *   position) starts the enumerator's "last sent" position at TFPos(-1, -1). It moves only when an
 *   event is sent, or when the catch-up count of considered events reaches the checkpoint interval
 *   (window 32 × multiplier 1 by default), to the page's start.
 * - If the page read that reaches the end of the log comes first (fewer than 32 events in the log
 *   at the default interval, none passing the filter), that (-1, -1) is the end-of-catch-up
 *   checkpoint, and Position.FromInt64 maps -1 to ulong.MaxValue: the server writes
 *   ReadResp.Checkpoint { commit_position: 18446744073709551615, prepare_position: the same },
 *   then CaughtUp. Client 6.2.1 (dist/streams/utils/Subscription.js) hands it to the filter's
 *   `checkpointReached` as { commit: 2n ** 64n - 1n, prepare: 2n ** 64n - 1n }.
 * - Live events keep flowing (the server compares them with TFPos(-1, -1)), but MoveNextAsync drops
 *   every later checkpoint of that subscription as "not after" the last one sent, Position.End.
 * - Fixed by commit 2e7bcd28 (PR #4892, in v25.0.0) and its backport d2a84c18 (PR #4893, first
 *   in v24.10.5): the end-of-catch-up checkpoint is raised to the page's start, and a (-1, -1)
 *   checkpoint is never sent.
 * Not modelled: the same checkpoint also goes out when a live subscription that has sent nothing
 * falls behind (the double never falls behind).
 */
export type EndOfCatchUp = 'caught-up-only' | 'checkpoint' | 'checkpoint-kdb-710';

/** Start of the log (inclusive), or strictly after a position. */
export interface StartPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
  readonly inclusive: boolean;
}

/** What a subscription did during catch-up, as far as its last checkpoint depends on it. */
export interface CatchUpSoFar {
  readonly start: StartPosition;
  readonly lastConsidered: bigint | null;
  /** An event or a checkpoint went out. */
  readonly sentAny: boolean;
}

export interface EndCheckpoint {
  readonly commit: bigint;
  readonly prepare: bigint;
  readonly swallowsLaterCheckpoints: boolean;
}

const POSITION_END = 2n ** 64n - 1n;

/** The checkpoint that ends catch-up under `mode`, or null when it sends none. */
export function endOfCatchUpCheckpoint(mode: EndOfCatchUp, { start, lastConsidered, sentAny }: CatchUpSoFar): EndCheckpoint | null {
  if (mode === 'caught-up-only') return null;
  if (mode === 'checkpoint-kdb-710' && start.inclusive && !sentAny) {
    return { commit: POSITION_END, prepare: POSITION_END, swallowsLaterCheckpoints: true };
  }
  if (lastConsidered === null) return { commit: start.commit, prepare: start.prepare, swallowsLaterCheckpoints: false };
  return { commit: lastConsidered, prepare: lastConsidered, swallowsLaterCheckpoints: false };
}
