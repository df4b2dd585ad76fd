import type { RecordedEvent } from '@itsm/event-store';
import { rolesFor, type Principal } from '@itsm/platform';
import { streamTypeOf } from '@itsm/projections';

/** The tickets a screen can follow, each with the list whose readers may see its changes. */
export const FEED_STREAM_TYPES: Readonly<Record<string, { readonly prefix: string; readonly list: string }>> = {
  incident: { prefix: 'incident-', list: '/incidents' },
  problem: { prefix: 'problem-', list: '/problems' },
  change: { prefix: 'change-', list: '/changes' },
  ci: { prefix: 'ci-', list: '/cis' },
  'blackout-window': { prefix: 'blackout-window-', list: '/blackout-windows' },
};

/** What one message of the feed says: which ticket changed, how, and where in the log (also its SSE id). */
export interface ChangeMessage {
  readonly position: string;
  readonly streamType: string;
  readonly id: string;
  readonly revision: number;
  readonly type: string;
  readonly occurredAt: string;
}

/** What a caller asked to follow, narrowed to what its roles may see. */
export interface FeedFilter {
  readonly streamTypes: readonly string[];
  readonly ticketIds: readonly string[] | null;
}

/** The kinds of ticket `principal` may follow: those whose list it may read. */
export function visibleStreamTypes(principal: Principal): string[] {
  return Object.entries(FEED_STREAM_TYPES)
    .filter(([, { list }]) => rolesFor('GET', list).some((role) => principal.roles.includes(role)))
    .map(([type]) => type);
}

/** Every kind of ticket the feed tells, as store prefixes: what the shared tail reads. */
export const FEED_PREFIXES: readonly string[] = Object.values(FEED_STREAM_TYPES).map(({ prefix }) => prefix);

/** The store prefixes of the kinds `filter` follows: what a catch-up reads. */
export const prefixesOf = (filter: FeedFilter): string[] => filter.streamTypes.map((type) => (FEED_STREAM_TYPES[type] as { prefix: string }).prefix);

/**
 * The message for one event, or null when the feed never tells it (the platform's own streams). It
 * carries no data of the event: a screen reads the ticket again, through the query API's checks.
 */
export function changeOf(event: RecordedEvent): ChangeMessage | null {
  const streamType = streamTypeOf(event.stream);
  const kind = FEED_STREAM_TYPES[streamType];
  if (kind === undefined) return null;
  const id = event.stream.slice(kind.prefix.length);
  return { position: event.position, streamType, id, revision: event.revision, type: event.type, occurredAt: event.metadata.occurredAt };
}

/** Whether a caller following `filter` is told `change`: a kind asked for (and visible), a ticket followed. */
export function follows(filter: FeedFilter, change: ChangeMessage): boolean {
  return filter.streamTypes.includes(change.streamType) && (filter.ticketIds === null || filter.ticketIds.includes(change.id));
}

/** The message for one event as a caller following `filter` is told it, or null when it is not. */
export function changeMessage(event: RecordedEvent, filter: FeedFilter): ChangeMessage | null {
  const change = changeOf(event);
  return change !== null && follows(filter, change) ? change : null;
}

/** One Server-Sent Event: its id is the position, so a reconnect's Last-Event-ID resumes right after it. */
export function sseOf(message: ChangeMessage): string {
  return `id: ${message.position}\nevent: change\ndata: ${JSON.stringify(message)}\n\n`;
}
