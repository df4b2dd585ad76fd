import type { CommandContext } from '../shared/decider';
import type { IncidentCommand, IncidentCommandType, OpenIncident } from '../incident/incident-commands';
import type { IncidentEvent, IncidentEventType, IncidentOpened } from '../incident/incident-events';
import { DEFAULT_PRIORITY_MATRIX, type PriorityMatrix } from '../incident/priority-matrix';
import { withCiStatuses } from './ci-statuses';

/** Builders for the incident specs: one incident, a fixed clock, readable defaults. */

export const INCIDENT_ID = 'INC0010001';

/** The shipped default, so the matrix table spec pins ServiceNow's out-of-the-box values. */
export const MATRIX_2024: PriorityMatrix = DEFAULT_PRIORITY_MATRIX;

/** A stricter policy, so a spec can tell which matrix priced a classification. */
export const MATRIX_2025: PriorityMatrix = {
  version: 'strict-2025.1',
  rows: [
    [1, 1, 2],
    [1, 2, 3],
    [2, 3, 4],
  ],
};

export const AT = '2025-03-03T09:15:00.000Z';
const context: CommandContext = { actor: 'agent:ada', now: AT };

type CommandOf<T extends IncidentCommandType> = Extract<IncidentCommand, { type: T }>;
type EventOf<T extends IncidentEventType> = Extract<IncidentEvent, { type: T }>;

export function command<T extends IncidentCommandType>(type: T, data: CommandOf<T>['data']): CommandOf<T> {
  return { type, incidentId: INCIDENT_ID, data, context } as CommandOf<T>;
}

/** An event's data without the incident id, which every fixture shares. */
export type EventData<T extends IncidentEventType> = Omit<EventOf<T>['data'], 'incidentId'>;

export function event<T extends IncidentEventType>(type: T, data: EventData<T>): EventOf<T> {
  return { type, data: { incidentId: INCIDENT_ID, ...data } } as unknown as EventOf<T>;
}

export function openIncident(data: Partial<OpenIncident['data']> = {}): OpenIncident {
  return command('OpenIncident', {
    title: 'VPN drops every few minutes',
    description: 'Since this morning the VPN client disconnects about every five minutes.',
    caller: 'user:grace',
    category: 'network',
    impact: 2,
    urgency: 2,
    priorityMatrix: MATRIX_2024,
    ...withCiStatuses(data, typeof data.configurationItemId === 'string' ? [data.configurationItemId] : undefined),
  });
}

/** What incidentOpened() describes the incident by, as the fold keeps it. */
export const OPENED_DETAILS = {
  title: 'VPN drops every few minutes',
  description: 'Since this morning the VPN client disconnects about every five minutes.',
  category: 'network',
  subcategory: null,
  symptom: null,
  contactType: null,
  location: null,
  configurationItemId: null,
} as const;

export function incidentOpened(data: Partial<Omit<IncidentOpened['data'], 'incidentId'>> = {}): IncidentOpened {
  return event('IncidentOpened', {
    title: 'VPN drops every few minutes',
    description: 'Since this morning the VPN client disconnects about every five minutes.',
    caller: 'user:grace',
    category: 'network',
    impact: 2,
    urgency: 2,
    priority: 3,
    priorityMatrixVersion: MATRIX_2024.version,
    configurationItemId: null,
    assignmentGroup: null,
    subcategory: null,
    symptom: null,
    contactType: null,
    location: null,
    number: null,
    ...data,
  });
}

/** An assignment recorded before schema version 5, as it reads now (ADR 21): naming an assignee on a new incident started the work. */
export const assigned = (assignmentGroup: string, assignee: string | null = null) =>
  event('IncidentAssigned', { assignmentGroup, assignee, startedWork: assignee !== null });
/** An assignment as the decider records it now: it never moves the state. */
export const assignedNow = (assignmentGroup: string, assignee: string | null = null) =>
  event('IncidentAssigned', { assignmentGroup, assignee, startedWork: false });

export const onHold = event('IncidentPutOnHold', { reason: 'awaiting_caller', note: null, holdNumber: 1 });
/** The incident's resolution number `resolutionNumber`, ending hold `holdNumber` when one ran. */
export const resolution = (resolutionNumber: number, holdNumber: number | null = null) =>
  event('IncidentResolved', {
    resolutionCode: 'solved_permanently',
    resolutionNotes: 'Replaced the VPN profile.',
    resolutionNumber,
    holdNumber,
  });
export const resolvedEvent = resolution(1);
export const closedEvent = event('IncidentClosed', { resolutionNumber: 1 });
export const cancelledEvent = event('IncidentCancelled', { reason: 'Raised twice', holdNumber: null });

/** Histories that lead to each status, for specs that sweep over states. */
export const HISTORIES = {
  new: [incidentOpened()],
  in_progress: [incidentOpened(), assigned('network-ops', 'user:linus')],
  on_hold: [incidentOpened(), assigned('network-ops', 'user:linus'), onHold],
  resolved: [incidentOpened(), assigned('network-ops', 'user:linus'), resolvedEvent],
  closed: [incidentOpened(), assigned('network-ops', 'user:linus'), resolvedEvent, closedEvent],
  cancelled: [incidentOpened(), cancelledEvent],
} as const satisfies Record<string, readonly IncidentEvent[]>;

/** One well-formed instance of every command except Open, for sweeping rules over all commands. */
export const EVERY_LATER_COMMAND: readonly IncidentCommand[] = [
  command('ReclassifyIncident', { impact: 1, urgency: 1, reason: 'Whole office affected', priorityMatrix: MATRIX_2024 }),
  command('AssignIncident', { assignmentGroup: 'service-desk', assignee: 'user:ken' }),
  command('ReassignIncident', { assignmentGroup: 'service-desk', reason: 'Wrong queue' }),
  command('EditIncident', { subcategory: 'vpn', contactType: 'phone' }),
  command('AddWorkNote', { text: 'Checked the concentrator logs.' }),
  command('AddComment', { text: 'We are looking into it.' }),
  command('PutIncidentOnHold', { reason: 'awaiting_vendor' }),
  command('ResumeIncident', {}),
  command('ResolveIncident', { resolutionCode: 'solved_remotely', resolutionNotes: 'Pushed a new profile.' }),
  command('ReopenIncident', { reason: 'It came back' }),
  command('CloseIncident', {}),
  command('CancelIncident', { reason: 'Duplicate of INC0010000' }),
];
