import { incidentStream, type ImportedIncidentReading, type IncidentEvent, type IncidentOpened } from '@itsm/domain';
import type { RecordedEvent } from '@itsm/event-store';
import type { RecordOptions, TestEventLog } from './test-event-log';

type DataOf<T extends IncidentEvent['type']> = Omit<Extract<IncidentEvent, { type: T }>['data'], 'incidentId'>;

/**
 * Records one incident's facts into a TestEventLog with sensible defaults:
 * `const inc = incidentHistory(log, 'INC1'); inc.opened({ impact: 1 }); inc.assigned('network', 'ann');`
 * Holds and resolutions are numbered as the decider numbers them (schema version 2), from what the
 * incident's stream holds so far.
 */
export function incidentHistory(log: TestEventLog, incidentId: string) {
  const record = <T extends IncidentEvent['type']>(type: T, data: DataOf<T>, options?: RecordOptions): RecordedEvent =>
    log.record(incidentStream(incidentId), { type, data: { incidentId, ...data } }, options);
  const numbers = () => numbersSoFar(log, incidentStream(incidentId));
  return {
    opened: (data: Partial<DataOf<'IncidentOpened'>> = {}, options?: RecordOptions) =>
      record('IncidentOpened', { ...openedDefaults(incidentId), ...data }, options),
    workStarted: (options?: RecordOptions) => record('IncidentWorkStarted', {}, options),
    edited: (changes: DataOf<'IncidentEdited'>['changes'], options?: RecordOptions) => record('IncidentEdited', { changes }, options),
    reclassified: (impact: 1 | 2 | 3, urgency: 1 | 2 | 3, priority: 1 | 2 | 3 | 4 | 5, previousPriority: 1 | 2 | 3 | 4 | 5, options?: RecordOptions) =>
      record('IncidentReclassified', { impact, urgency, priority, previousPriority, priorityMatrixVersion: 'itil-default-2024.1', reason: 'new information' }, options),
    /** As an assignment recorded before schema version 5 reads now (ADR 21): naming an assignee on a new incident started the work. */
    assigned: (assignmentGroup: string, assignee: string | null = null, options?: RecordOptions) =>
      record('IncidentAssigned', { assignmentGroup, assignee, startedWork: assignee !== null }, options),
    reassigned: (data: Omit<DataOf<'IncidentReassigned'>, 'startedWork'>, options?: RecordOptions) => record('IncidentReassigned', { ...data, startedWork: false }, options),
    workNoteAdded: (text: string, options?: RecordOptions) => record('IncidentWorkNoteAdded', { text }, options),
    commentAdded: (text: string, options?: RecordOptions) => record('IncidentCommentAdded', { text }, options),
    putOnHold: (reason: DataOf<'IncidentPutOnHold'>['reason'] = 'awaiting_caller', note: string | null = null, options?: RecordOptions, awaiting: DataOf<'IncidentPutOnHold'>['awaiting'] = null) =>
      record('IncidentPutOnHold', { reason, note, holdNumber: numbers().holds + 1, awaiting }, options),
    resumed: (options?: RecordOptions) => record('IncidentResumed', { holdNumber: numbers().holds }, options),
    resolved: (resolutionCode: DataOf<'IncidentResolved'>['resolutionCode'] = 'solved_permanently', options?: RecordOptions) => {
      const { resolutions, runningHold } = numbers();
      const data = { resolutionCode, resolutionNotes: 'Restarted the service', resolutionNumber: resolutions + 1, holdNumber: runningHold };
      return record('IncidentResolved', data, options);
    },
    reopened: (reopenCount: number, options?: RecordOptions) =>
      record('IncidentReopened', { reason: 'still broken', reopenCount, resolutionNumber: numbers().resolutions }, options),
    closed: (options?: RecordOptions) => record('IncidentClosed', { resolutionNumber: numbers().resolutions }, options),
    cancelled: (reason = 'raised twice', options?: RecordOptions) => record('IncidentCancelled', { reason, holdNumber: numbers().runningHold }, options),
    /** The SLA started on these terms (recorded in the opening's append). */
    slaStarted: (terms: Omit<DataOf<'SlaStarted'>, 'incidentId'>, options?: RecordOptions) => record('SlaStarted', terms, options),
    /** A deadline fact, as the watcher appends it. */
    deadlineFact: <T extends 'SlaAtRisk' | 'SlaBreached'>(type: T, data: DataOf<T>, options?: RecordOptions) => record(type, data, options),
    /** One version imported from ServiceNow, numbered as the importer numbers holds and resolutions (by the decider's fold). */
    imported: (reading: Partial<ImportedIncidentReading>, options?: RecordOptions, version: { arrivedLate?: boolean; fillsGap?: boolean; holdsNumber?: boolean; missingVersionsBefore?: number[] } = {}) => {
      const read = { ...importedReading(), ...reading };
      const previous = log.events.filter((event) => event.stream === incidentStream(incidentId) && event.type === 'IncidentVersionImported').at(-1);
      const before = previous?.data as { reading: ImportedIncidentReading; holdNumber: number | null; resolutionNumber: number | null } | undefined;
      const entered = (status: string) => read.status === status && before?.reading.status !== status;
      const holdNumber = (before?.holdNumber ?? 0) + (entered('on_hold') ? 1 : 0) || null;
      const resolutionNumber = (before?.resolutionNumber ?? 0) + (entered('resolved') ? 1 : 0) || null;
      const row = before === undefined ? 0 : (previous?.revision ?? 0) + 1;
      const source = { system: 'servicenow', instance: 'acme', file: 'export.csv', fileSha256: 'f'.repeat(64), row: row + 1, sysModCount: row, occurrence: 0, updatedBy: 'Updated by 21', updatedAt: '29-02-2016 01:23', timeZone: 'UTC', importedBy: 'importer', missingVersionsBefore: version.missingVersionsBefore ?? [], arrivedLate: version.arrivedLate ?? false, fillsGap: version.fillsGap ?? false };
      return record('IncidentVersionImported', { number: 'INC0000045', source, row: { number: 'INC0000045', incident_state: read.sourceState }, reading: read, holdsNumber: version.holdsNumber ?? true, holdNumber: version.arrivedLate ? null : holdNumber, resolutionNumber: version.arrivedLate ? null : resolutionNumber }, options);
    },
  };
}

/** A New, unassigned version of a ServiceNow incident, as the importer reads it. */
export function importedReading(): ImportedIncidentReading {
  return {
    status: 'new', sourceState: 'New', holdReason: null, awaiting: null, impact: 2, urgency: 2, priority: 3, priorityMatrixVersion: 'servicenow-acme',
    caller: 'Caller 2403', details: { title: '', description: '', category: 'Category 55', subcategory: 'Subcategory 170', symptom: 'Symptom 72', contactType: 'Phone', location: 'Location 143', configurationItemId: null },
    assignmentGroup: null, assignee: null, reassignmentCount: 0, reopenCount: 0, openedAt: '2016-02-29T01:16:00.000Z', openedBy: 'Opened by  8',
    sourceFields: { made_sla: 'TRUE', knowledge: 'TRUE', notify: 'Do Not Notify', closed_code: 'code 5' },
  };
}

const HOLD_EDGES: readonly string[] = ['IncidentPutOnHold', 'IncidentResumed', 'IncidentResolved', 'IncidentCancelled'];

function numbersSoFar(log: TestEventLog, stream: string) {
  const types = log.events.filter((event) => event.stream === stream).map((event) => event.type);
  const holds = types.filter((type) => type === 'IncidentPutOnHold').length;
  const resolutions = types.filter((type) => type === 'IncidentResolved').length;
  const onHold = types.filter((type) => HOLD_EDGES.includes(type)).at(-1) === 'IncidentPutOnHold';
  return { holds, resolutions, runningHold: onHold ? holds : null };
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
