import { BLACKOUT_WINDOW_EVENT_TYPES, BLACKOUT_WINDOW_STREAM_PREFIX, assertNever, type BlackoutWindowEvent } from '@itsm/domain';
import type { DomainRecordedEvent, Projection } from '../projection';
import { BLACKOUT_WINDOWS, BLACKOUT_WINDOWS_COLLECTION, type BlackoutWindowDocument } from './blackout-window-document';

type BlackoutFact = DomainRecordedEvent<BlackoutWindowEvent>;
type Doc = Omit<BlackoutWindowDocument, '_position'>;

export const blackoutWindowProjection: Projection<BlackoutWindowEvent, BlackoutWindowDocument> = {
  ...BLACKOUT_WINDOWS,
  collection: BLACKOUT_WINDOWS_COLLECTION,
  streamPrefixes: [BLACKOUT_WINDOW_STREAM_PREFIX],
  handles: BLACKOUT_WINDOW_EVENT_TYPES,
  documentIds: (event) => [event.data.blackoutWindowId],
  evolve: evolveBlackoutWindowDocument,
};

export function evolveBlackoutWindowDocument(doc: BlackoutWindowDocument | null, event: BlackoutFact): Doc | null {
  const { actor, occurredAt } = event.metadata;
  const { revision } = event;
  switch (event.type) {
    case 'BlackoutWindowDefined': {
      if (doc !== null) return doc;
      const { blackoutWindowId, name, window, scope, reason } = event.data;
      const base = { id: blackoutWindowId, name, window, scope, reason, active: true, definedBy: actor, definedAt: occurredAt };
      return { ...base, windowStart: window.start, windowEnd: window.end, updatedAt: occurredAt, withdrawalReason: null, revision };
    }
    case 'BlackoutWindowChanged': {
      if (doc === null || !doc.active) return doc;
      // The event carries the whole definition after the change, so nothing earlier is needed.
      const { name, window, scope, reason } = event.data;
      return { ...doc, name, window, scope, reason, windowStart: window.start, windowEnd: window.end, updatedAt: occurredAt, revision };
    }
    case 'BlackoutWindowWithdrawn':
      if (doc === null || !doc.active) return doc;
      return { ...doc, active: false, withdrawalReason: event.data.reason, updatedAt: occurredAt, revision };
    default:
      return assertNever(event);
  }
}
