import { RECORDED_TERMS, SLA_NOT_STARTED, evolveSla, slaDeadlines, slaRanOutAt, INCIDENT_STREAM_PREFIX, type IncidentEvent, type SlaClockRecord, type SlaMetric, type SlaState } from '@itsm/domain';
import type { Projection } from '../projection';
import { SLA_CLOCKS, SLA_CLOCKS_COLLECTION, type SlaClockDocument, type SlaCycleLine } from './sla-clock-document';

type Clock = Omit<SlaClockDocument, '_position'>;
const METRICS: readonly SlaMetric[] = ['response', 'resolution'];

/**
 * The service-level clocks of incidents, by the terms their SlaStarted fact recorded (ADR 19): one
 * document per incident and metric, with the deadlines the breach board, the attainment report and
 * the deadline watcher look for. The fold is the domain's; this only lays it out for queries.
 * Imported histories are not measured here (no terms were in force when they started): what-if is.
 */
export const slaClocksProjection: Projection<IncidentEvent, SlaClockDocument> = {
  ...SLA_CLOCKS,
  collection: SLA_CLOCKS_COLLECTION,
  streamPrefixes: [INCIDENT_STREAM_PREFIX],
  handles: [
    'IncidentOpened', 'SlaStarted', 'SlaAtRisk', 'SlaBreached', 'IncidentAssigned', 'IncidentReassigned', 'IncidentWorkStarted',
    'IncidentReclassified', 'IncidentPutOnHold', 'IncidentResumed', 'IncidentResolved', 'IncidentCancelled', 'IncidentReopened',
  ],
  documentIds: (event) => METRICS.map((metric) => slaClockId(event.data.incidentId, metric)),
  evolve: (document, event, documentId) => {
    // Only an opening starts an incident's documents: any other first fact is of one opened before this read model.
    if (document === null && event.type !== 'IncidentOpened') return null;
    const fact = { revision: event.revision, occurredAt: event.metadata.occurredAt, event: { type: event.type, data: event.data } as IncidentEvent };
    return slaClockDocument(documentId, evolveSla(document?.sla ?? SLA_NOT_STARTED, fact, RECORDED_TERMS));
  },
};

export const slaClockId = (incidentId: string, metric: SlaMetric): string => `${incidentId}:${metric}`;
export const incidentOfSlaClock = (documentId: string): string => documentId.slice(0, documentId.lastIndexOf(':'));

/** The document of one metric, laid out from the fold's state. */
export function slaClockDocument(id: string, sla: SlaState): Clock {
  const metric = id.slice(id.lastIndexOf(':') + 1) as SlaMetric;
  const incidentId = incidentOfSlaClock(id);
  const record = sla.current[metric];
  const base = { id, incidentId, number: sla.incident?.number ?? null, metric, sla };
  if (sla.terms === null || record === undefined) {
    return { ...base, measured: false, policy: null, cycle: 0, state: null, priority: sla.incident?.priority ?? null, assignmentGroup: sla.incident?.assignmentGroup ?? null, targetMs: 0, elapsedMs: 0, since: null, cycles: [] };
  }
  const { terms } = sla;
  const cycles = [...sla.ended.filter((ended) => ended.metric === metric), record].map((cycle) => cycleLine(sla, cycle));
  const current = cycles.at(-1)!;
  const { dueAt, atRiskAt } = slaDeadlines(terms, record);
  const running = record.state === 'running';
  const deadline = running ? dueAt : record.state === 'paused' ? slaRanOutAt(terms, record) : null;
  const onBoardFrom = running ? atRiskAt : deadline;
  const owed = [...sla.ended.filter((ended) => ended.metric === metric), record].flatMap((cycle) => owedAt(sla, cycle));
  return {
    ...base,
    measured: true,
    policy: { name: terms.policy.name, version: terms.policy.version },
    cycle: record.cycle,
    state: record.state,
    priority: record.priority,
    assignmentGroup: record.assignmentGroup,
    targetMs: record.targetMs,
    elapsedMs: record.elapsedMs,
    since: iso(record.since),
    ...(running && dueAt !== null && { dueAt: iso(dueAt) }),
    ...(running && atRiskAt !== null && { atRiskAt: iso(atRiskAt) }),
    ...(deadline !== null && { deadline: iso(deadline) }),
    ...(onBoardFrom !== null && { onBoardFrom: iso(onBoardFrom) }),
    ...(owed.length > 0 && { nextFactAt: iso(Math.min(...owed)) }),
    cycles,
    firstStartedAt: cycles[0]!.startedAt,
    latestStartedAt: current.startedAt,
  };
}

/** The instants from which the watcher owes this cycle a fact: its breach, and its at-risk warning while running. */
function owedAt(sla: SlaState, record: SlaClockRecord): number[] {
  const { dueAt, atRiskAt } = slaDeadlines(sla.terms!, record);
  const breach = slaRanOutAt(sla.terms!, record) ?? dueAt;
  const owed: number[] = [];
  if (!record.breachRecorded && breach !== null) owed.push(breach);
  if (!record.atRiskRecorded && record.breachedAt === null && atRiskAt !== null) owed.push(atRiskAt);
  return owed;
}

function cycleLine(sla: SlaState, record: SlaClockRecord): SlaCycleLine {
  const stopped = record.state === 'stopped';
  const breachedAt = slaRanOutAt(sla.terms!, record);
  const { dueAt } = slaDeadlines(sla.terms!, record);
  return {
    cycle: record.cycle,
    startedAt: iso(record.startedAt),
    state: record.state,
    stoppedAt: stopped ? iso(record.since) : null,
    met: stopped ? breachedAt === null : null,
    breachedAt: breachedAt === null ? null : iso(breachedAt),
    dueAt: dueAt === null ? null : iso(dueAt),
    priority: record.priority,
    assignmentGroup: record.assignmentGroup,
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
