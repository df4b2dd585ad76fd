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

/**
 * The message for one event, or null when the feed does not tell it: a stream kind not asked for or
 * not visible (the platform's own streams never are), or another ticket than those followed. It
 * carries no data of the event: a screen reads the ticket again, through the query API's checks.
 */
export function changeMessage(event: RecordedEvent, filter: FeedFilter): ChangeMessage | null {
  const streamType = streamTypeOf(event.stream);
  const kind = FEED_STREAM_TYPES[streamType];
  if (kind === undefined || !filter.streamTypes.includes(streamType)) return null;
  const id = event.stream.slice(kind.prefix.length);
  if (filter.ticketIds !== null && !filter.ticketIds.includes(id)) return null;
  return { position: event.position, streamType, id, revision: event.revision, type: event.type, occurredAt: event.metadata.occurredAt };
}

/** One Server-Sent Event: its id is the position, so a reconnect's Last-Event-ID resumes right after it. */
export function sseOf(message: ChangeMessage): string {
  return `id: ${message.position}\nevent: change\ndata: ${JSON.stringify(message)}\n\n`;
}
