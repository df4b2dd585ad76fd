import { incidentStream, type IncidentEvent, type IncidentOpened } from '@itsm/domain';
import type { RecordedEvent } from '@itsm/event-store';
import type { RecordOptions, TestEventLog } from './test-event-log';

type DataOf<T extends IncidentEvent['type']> = Omit<Extract<IncidentEvent, { type: T }>['data'], 'incidentId'>;

/**
 * Records one incident's facts into a TestEventLog with sensible defaults:
 * `const inc = incidentHistory(log, 'INC1'); inc.opened({ impact: 1 }); inc.assigned('network', 'ann');`
 */
export function incidentHistory(log: TestEventLog, incidentId: string) {
  const record = <T extends IncidentEvent['type']>(type: T, data: DataOf<T>, options?: RecordOptions): RecordedEvent =>
    log.record(incidentStream(incidentId), { type, data: { incidentId, ...data } }, options);
  return {
    opened: (data: Partial<DataOf<'IncidentOpened'>> = {}, options?: RecordOptions) =>
      record('IncidentOpened', { ...openedDefaults(incidentId), ...data }, options),
    reclassified: (impact: 1 | 2 | 3, urgency: 1 | 2 | 3, priority: 1 | 2 | 3 | 4 | 5, previousPriority: 1 | 2 | 3 | 4 | 5, options?: RecordOptions) =>
      record('IncidentReclassified', { impact, urgency, priority, previousPriority, priorityMatrixVersion: 'itil-default-2024.1', reason: 'new information' }, options),
    assigned: (assignmentGroup: string, assignee: string | null = null, options?: RecordOptions) =>
      record('IncidentAssigned', { assignmentGroup, assignee }, options),
    reassigned: (data: DataOf<'IncidentReassigned'>, options?: RecordOptions) => record('IncidentReassigned', data, options),
    workNoteAdded: (text: string, options?: RecordOptions) => record('IncidentWorkNoteAdded', { text }, options),
    commentAdded: (text: string, options?: RecordOptions) => record('IncidentCommentAdded', { text }, options),
    putOnHold: (reason: DataOf<'IncidentPutOnHold'>['reason'] = 'awaiting_caller', note: string | null = null, options?: RecordOptions) =>
      record('IncidentPutOnHold', { reason, note }, options),
    resumed: (options?: RecordOptions) => record('IncidentResumed', {}, options),
    resolved: (resolutionCode: DataOf<'IncidentResolved'>['resolutionCode'] = 'solved_permanently', options?: RecordOptions) =>
      record('IncidentResolved', { resolutionCode, resolutionNotes: 'Restarted the service' }, options),
    reopened: (reopenCount: number, options?: RecordOptions) => record('IncidentReopened', { reason: 'still broken', reopenCount }, options),
    closed: (options?: RecordOptions) => record('IncidentClosed', {}, options),
    cancelled: (reason = 'raised twice', options?: RecordOptions) => record('IncidentCancelled', { reason }, options),
  };
}

function openedDefaults(incidentId: string): DataOf<'IncidentOpened'> {
  const opened: Omit<IncidentOpened['data'], 'incidentId'> = {
    title: `Incident ${incidentId}`,
    description: 'The mail server does not answer',
    caller: 'caller.jones',
    category: 'email',
    impact: 2,
    urgency: 2,
    priority: 3,
    priorityMatrixVersion: 'itil-default-2024.1',
    configurationItemId: null,
    assignmentGroup: null,
  };
  return opened;
}
