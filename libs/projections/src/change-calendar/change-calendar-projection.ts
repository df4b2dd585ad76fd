import { CHANGE_EVENT_TYPES, CHANGE_STREAM_PREFIX, assertNever, type ChangeEvent, type TimeWindow } from '@itsm/domain';
import type { DomainRecordedEvent, Projection } from '../projection';
import { CHANGE_CALENDAR, CHANGE_CALENDAR_COLLECTION, type ChangeCalendarEntry } from './change-calendar-entry';

type ChangeFact = DomainRecordedEvent<ChangeEvent>;
type Entry = Omit<ChangeCalendarEntry, '_position'>;

export const changeCalendarProjection: Projection<ChangeEvent, ChangeCalendarEntry> = {
  ...CHANGE_CALENDAR,
  collection: CHANGE_CALENDAR_COLLECTION,
  streamPrefixes: [CHANGE_STREAM_PREFIX],
  handles: CHANGE_EVENT_TYPES,
  documentIds: (event) => [event.data.changeId],
  evolve: evolveCalendarEntry,
};

export function evolveCalendarEntry(entry: ChangeCalendarEntry | null, event: ChangeFact): Entry | null {
  if (event.type === 'ChangeRaised') {
    if (entry !== null) return entry;
    const { changeId, title, changeType, window, affectedCiIds } = event.data;
    const base = { id: changeId, number: event.data.number ?? null, title, changeType, state: 'draft' as const, requestedWindow: window, scheduledWindow: null };
    return withWindow({ ...base, ciIds: affectedCiIds, risk: null, outcome: null });
  }
  if (entry === null || entry.state === 'closed' || entry.state === 'cancelled') return entry;
  return withWindow(applyFact(entry, event));
}

function applyFact(entry: Entry, event: Exclude<ChangeFact, { type: 'ChangeRaised' }>): Omit<Entry, 'window' | 'windowStart' | 'windowEnd'> {
  switch (event.type) {
    case 'ChangeUpdated': {
      const { title, window, affectedCiIds } = event.data.changes;
      return { ...entry, title: title ?? entry.title, requestedWindow: window ?? entry.requestedWindow, ciIds: affectedCiIds ?? entry.ciIds };
    }
    case 'ChangeAssessed':
      return { ...entry, state: 'awaiting_authorization', risk: event.data.risk };
    case 'ChangeRejected':
      return { ...entry, state: 'draft' };
    case 'ChangeAuthorized':
      return { ...entry, state: 'authorized' };
    case 'ApprovalsInvalidated':
      return { ...entry, state: entry.state === 'draft' ? 'draft' : 'awaiting_authorization' };
    case 'ChangeScheduled':
      return { ...entry, state: 'scheduled', scheduledWindow: event.data.window };
    case 'ChangeUnscheduled':
      return { ...entry, state: 'authorized', scheduledWindow: null };
    case 'ChangeImplementationStarted':
      return { ...entry, state: 'implementing' };
    case 'ChangeImplementationCompleted':
      return { ...entry, state: 'in_review', outcome: event.data.outcome };
    case 'ChangeClosed':
      return { ...entry, state: 'closed' };
    case 'ChangeCancelled':
      return { ...entry, state: 'cancelled' };
    case 'ChangeAssigned':
    case 'ChangeApproved':
    case 'ChangeReviewed':
    case 'ChangeRetrospectiveReviewRecorded':
      return entry;
    default:
      return assertNever(event);
  }
}

function withWindow(entry: Omit<Entry, 'window' | 'windowStart' | 'windowEnd'>): Entry {
  const window: TimeWindow = entry.scheduledWindow ?? entry.requestedWindow;
  return { ...entry, window, windowStart: window.start, windowEnd: window.end };
}
