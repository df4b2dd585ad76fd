import { EventStoreDBClient } from '@eventstore/db-client';
import { SubscribeOptions, SubscriptionMessage } from '../event-store';
import { Position } from '../position';
import { LOG_START, parseEsdbPosition } from './esdb-position';
import { EsdbReads } from './esdb-reads';
import { KnownLogEnd } from './log-end';
import { SubscriptionProgress } from './subscription-progress';
import { runSession } from './subscription-session';
import { PositionBeyondHeadError } from '../subscription/position-beyond-head';
import { linkSignals, sleep } from '../subscription/signals';

export interface ReconnectPolicy {
  /** First wait after a failure; doubles on each failure in a row. */
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

/** What a running subscription reports for health checks. */
export interface EsdbSubscriptionStatus {
  /** The server confirmed the subscription and it has not failed since. */
  readonly connected: boolean;
  /** The server said it reached the head (and has not said it fell behind since). */
  readonly caughtUp: boolean;
  /** Where it would resume: the last position handed to the consumer, or where it started. */
  readonly lastPosition: Position;
  readonly lastError: string | null;
  /** Failures so far, each followed by a resubscription. */
  readonly failures: number;
}

export interface EsdbSubscriptionSettings {
  readonly client: EventStoreDBClient;
  readonly reads: EsdbReads;
  readonly reconnect: ReconnectPolicy;
  readonly idleCheckpointMs: number;
  /** Aborted when the store closes, which ends every subscription. */
  readonly closed: AbortSignal;
  /** Registers the status of a running subscription; returns the function that removes it. */
  readonly track: (status: () => EsdbSubscriptionStatus) => () => void;
}

/**
 * Catch-up then live over $all, resubscribing after any failure (dropped connection, server
 * restart, leader change) strictly after the last position it yielded, with exponential backoff.
 * Pulls from the server only as fast as the consumer takes messages. Ends on `signal` abort, on
 * `return()`/`break`, and when the store closes. Throws PositionBeyondHeadError, without retrying,
 * when `after` lies beyond the end of the log (see log-end.ts).
 */
export async function* subscribeToEsdb(
  options: SubscribeOptions,
  settings: EsdbSubscriptionSettings,
): AsyncGenerator<SubscriptionMessage, void, undefined> {
  // A position this store cannot read from is the caller's mistake, not a reason to retry forever.
  if (options.after) parseEsdbPosition(options.after);
  const stop = linkSignals([settings.closed, options.signal]);
  const progress = new SubscriptionProgress(options.after ?? LOG_START);
  const health = new SubscriptionHealth(progress);
  const untrack = settings.track(() => health.status());
  const logEnd = new KnownLogEnd(settings.reads);
  const session = { client: settings.client, reads: settings.reads, idleCheckpointMs: settings.idleCheckpointMs, health, logEnd };
  // Checked once: every later start is a position this subscription yielded, within the log.
  let startChecked = options.after == null;
  let failuresInARow = 0;
  try {
    while (!stop.signal.aborted) {
      try {
        if (!startChecked) await logEnd.assertReached(progress.position);
        startChecked = true;
        for await (const message of runSession(progress, options.filter, session, stop.signal)) {
          failuresInARow = 0;
          yield message;
        }
        if (stop.signal.aborted) return;
        throw new Error('The server ended the subscription');
      } catch (error) {
        if (stop.signal.aborted) return;
        if (error instanceof PositionBeyondHeadError) throw error;
        health.failed(error);
        await sleep(backoff(settings.reconnect, failuresInARow++), stop.signal);
      }
    }
  } finally {
    stop.dispose();
    untrack();
  }
}

/** Kept up to date by the session as the server reports, even while the consumer is not pulling. */
export class SubscriptionHealth {
  connected = false;
  caughtUp = false;
  private lastError: string | null = null;
  private failures = 0;

  constructor(private readonly progress: SubscriptionProgress) {}

  /** The connection or the subscription broke: seen by the session at once. */
  dropped(error: unknown): void {
    Object.assign(this, { connected: false, caughtUp: false, lastError: error instanceof Error ? error.message : String(error) });
  }

  /** A session ended in failure and a resubscription follows. */
  failed(error: unknown): void {
    this.dropped(error);
    this.failures += 1;
  }

  status(): EsdbSubscriptionStatus {
    const { connected, caughtUp, lastError, failures } = this;
    return { connected, caughtUp, lastPosition: this.progress.position, lastError, failures };
  }
}

function backoff(policy: ReconnectPolicy, failures: number): number {
  return Math.min(policy.initialDelayMs * 2 ** failures, policy.maxDelayMs);
}
