import {
  excludeSystemEvents,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type EventStoreDBClient,
  type Filter,
  type Position as ClientPosition,
} from '@eventstore/db-client';
import { StreamFilter, SubscriptionMessage } from '../event-store';
import { comparePositions } from '../position';
import { fromClientPosition, readFrom } from './esdb-position';
import { EsdbReads } from './esdb-reads';
import { isSystemEvent, passesFilter, toRecordedEvent } from './esdb-records';
import type { KnownLogEnd } from './log-end';
import { Checkpoint, SubscriptionProgress } from './subscription-progress';

/**
 * The 6.x client reports caught-up as a 'caughtUp' event and checkpoints through the filter's
 * callback, beside the stream of events. Both run inside the subscription's transform, before it
 * takes the next server message, so pushing a marker from them puts it in server order among events.
 */
type Marker = { readonly marker: 'caughtUp' } | { readonly marker: 'fellBehind' } | { readonly marker: 'checkpoint'; readonly position: ClientPosition };
type Item = AllStreamResolvedEvent | Marker;
type Pulled = { readonly item: IteratorResult<Item> } | { readonly error: unknown } | 'idle' | 'aborted';

/** What a session tells the subscription's health (esdb-subscription.ts), declared here so the two files do not import each other. */
export interface SessionHealth {
  connected: boolean;
  caughtUp: boolean;
  dropped(error: unknown): void;
}

export interface SessionSettings {
  readonly client: EventStoreDBClient;
  readonly reads: EsdbReads;
  /** How long a live subscription waits for a message before asking the head whether filtered-out events moved it. */
  readonly idleCheckpointMs: number;
  /** Told at once, even while the consumer is not pulling, so health checks see a dropped connection. */
  readonly health: SessionHealth;
  /** What a server checkpoint must not pass to be believed. */
  readonly logEnd: KnownLogEnd;
}

/**
 * One server subscription to $all, strictly after `progress.position`, until it fails, the server
 * ends it, or `signal` aborts (then it returns). The caller resubscribes after a failure.
 * Checkpoints: the server's, when within the log (they advance a filtered consumer past other
 * streams' events), one when caught up, one as soon as a live consumer has drained what arrived,
 * and, for a filtered consumer idle for `idleCheckpointMs`, one at the head when nothing of its own
 * is in between. None is ever beyond the log's last record.
 */
export async function* runSession(
  progress: SubscriptionProgress,
  filter: StreamFilter | undefined,
  settings: SessionSettings,
  signal: AbortSignal,
): AsyncGenerator<SubscriptionMessage, void, undefined> {
  progress.restart();
  const subscription = settings.client.subscribeToAll({ fromPosition: readFrom(progress.position), filter: serverFilter(filter) });
  subscription.on('confirmation', () => (settings.health.connected = true));
  subscription.on('error', (error: unknown) => settings.health.dropped(error));
  subscription.on('caughtUp', () => subscription.push({ marker: 'caughtUp' } satisfies Marker));
  subscription.on('fellBehind', () => subscription.push({ marker: 'fellBehind' } satisfies Marker));
  const reader = new ItemReader(subscription[Symbol.asyncIterator]() as AsyncIterator<Item>);
  try {
    for (;;) {
      const pulled = await reader.next(signal, waitWhenQuiet(progress, settings.idleCheckpointMs));
      if (pulled === 'aborted') return;
      if (pulled === 'idle') {
        const checkpoint = await settle(progress, filter, settings.reads, !progress.hasNews);
        if (checkpoint) yield checkpoint;
        continue;
      }
      if ('error' in pulled) throw pulled.error;
      if (pulled.item.done) return;
      const message = await handle(pulled.item.value, progress, filter, settings);
      if (message) yield message;
    }
  } finally {
    await subscription.unsubscribe().catch(() => undefined);
    subscription.destroy();
  }
}

/** Server-side filtering saves the bandwidth; everything is filtered again here, literally. */
function serverFilter(filter: StreamFilter | undefined): Filter {
  const checkpointReached = (subscription: AllStreamSubscription, position: ClientPosition): void => {
    subscription.push({ marker: 'checkpoint', position } satisfies Marker);
  };
  // An empty prefix list must match nothing; the server's reading of it is unknown, so it is not sent.
  if (filter && filter.streamPrefixes.length > 0) return streamNameFilter({ prefixes: [...filter.streamPrefixes], checkpointReached });
  return excludeSystemEvents({ checkpointReached });
}

/** Null while catching up: messages come as fast as the server sends them. */
function waitWhenQuiet(progress: SubscriptionProgress, idleCheckpointMs: number): number | null {
  if (!progress.live) return null;
  // Something arrived and was not announced: checkpoint as soon as the buffer is drained.
  return progress.hasNews ? 0 : idleCheckpointMs;
}

async function handle(item: Item, progress: SubscriptionProgress, filter: StreamFilter | undefined, settings: SessionSettings): Promise<SubscriptionMessage | null> {
  if ('marker' in item) {
    switch (item.marker) {
      case 'checkpoint': {
        const position = fromClientPosition(item.position);
        // A checkpoint past the log's last record vouches for nothing: 24.2.0 to 24.10.4 end some
        // catch-ups with Position.End (KDB-710, README.md). Taking it would skip every later event;
        // clamping it to the head read now could skip events the server has not sent yet. The
        // caught-up that follows settles at the head, checking what lies in between.
        if (!(await settings.logEnd.covers(position))) return null;
        progress.vouch(position);
        // Only a checkpoint that moves the consumer on is worth a message.
        return progress.isNew(position) ? progress.checkpoint(position, progress.live) : null;
      }
      case 'caughtUp':
        progress.live = true;
        settings.health.caughtUp = true;
        return settle(progress, filter, settings.reads, true);
      case 'fellBehind':
        progress.live = false;
        settings.health.caughtUp = false;
        return null;
    }
  }
  const event = item.event;
  if (!event?.position) return null;
  const position = fromClientPosition(event.position);
  if (!progress.isNew(position)) return null;
  progress.vouch(position);
  if (isSystemEvent(event) || !passesFilter(filter, event.streamId)) return null;
  progress.eventYielded(position);
  return { kind: 'event', event: toRecordedEvent(event) };
}

/**
 * The checkpoint for a consumer that has everything the server sent: at what the server vouched
 * for, or at the head when that is later and (for a filtered consumer) no event of its own lies in
 * between. For an unfiltered consumer a later head is an event of ours still on its way.
 */
async function settle(progress: SubscriptionProgress, filter: StreamFilter | undefined, reads: EsdbReads, askHead: boolean): Promise<Checkpoint | null> {
  let candidate = progress.vouched;
  if (askHead && filter !== undefined) {
    const head = await reads.headPosition();
    if (head !== null && comparePositions(head, candidate) > 0 && !(await reads.hasEventBetween(candidate, head, filter))) candidate = head;
  }
  return progress.checkpoint(candidate, progress.live);
}

/**
 * Reads the subscription one item at a time. A wait may end early ('idle' after `idleMs`, or
 * 'aborted'); the read in flight is kept for the next wait, so no item is lost, and it never rejects.
 */
class ItemReader {
  private reading = false;
  private ready: Pulled | null = null;
  private waiter: ((result: Pulled) => void) | null = null;

  constructor(private readonly items: AsyncIterator<Item>) {}

  next(signal: AbortSignal, idleMs: number | null): Promise<Pulled> {
    this.read();
    return new Promise<Pulled>((resolve) => {
      const timer = idleMs === null ? undefined : setTimeout(() => finish('idle'), idleMs);
      const onAbort = (): void => finish('aborted');
      const finish = (result: Pulled): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.waiter = null;
        resolve(result);
      };
      if (signal.aborted) return finish('aborted');
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiter = finish;
      this.deliver();
    });
  }

  private read(): void {
    if (this.reading || this.ready) return;
    this.reading = true;
    this.items.next().then(
      (item) => this.arrived({ item }),
      (error: unknown) => this.arrived({ error }),
    );
  }

  private arrived(result: Pulled): void {
    this.reading = false;
    this.ready = result;
    this.deliver();
  }

  private deliver(): void {
    if (!this.ready || !this.waiter) return;
    const result = this.ready;
    this.ready = null;
    this.waiter(result);
  }
}
