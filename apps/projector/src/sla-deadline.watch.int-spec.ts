import { randomUUID } from 'node:crypto';
import { fold, INCIDENT_EVENT_SCHEMA_VERSION, incidentDecider, incidentStream, slaConfigurationDecider, type IncidentCommand, type SlaConfigurationEvent } from '@itsm/domain';
import { MemoryEventStore } from '@itsm/event-store';
import { slaClocksProjection } from '@itsm/projections';
import { SlaDeadlineRecorder, WritePath } from '@itsm/write-path';
import { command, openIncident } from '../../../libs/domain/src/testing/incident-fixtures';
import { readStoreAfter } from '../../../libs/projections/src/testing/replay';
import { SlaDeadlineWatch } from './sla-deadline.watch';

/** Calendar time: P3 responds in 1 h and resolves in 8 h; at risk at 75 %. */
const CONFIGURATION = fold(slaConfigurationDecider, [
  {
    type: 'SlaPolicyDefined',
    data: {
      name: 'standard', version: 1, effectiveFrom: '2026-01-01T00:00:00.000Z', scope: { assignmentGroup: null, configurationItemId: null }, atRiskPercent: 75, pausingHoldReasons: ['awaiting_caller'], onReopen: 'restart',
      targets: [{ priority: 3, response: { minutes: 60, calendar: null }, resolution: { minutes: 480, calendar: null } }],
    },
  } as SlaConfigurationEvent,
]);
const OPENED = '2026-11-30T09:00:00.000Z';
const quiet = { log: () => undefined, error: () => undefined };
const at = (time: string) => `2026-11-30T${time}:00.000Z`;

async function incidentLog() {
  const store = new MemoryEventStore();
  const writer = new WritePath(store, { conflictRetries: 3 });
  const run = (incidentId: string, made: IncidentCommand, now: string) => {
    const asked = { ...made, incidentId, context: { actor: 'ann', now } } as IncidentCommand;
    return writer.execute({ decider: incidentDecider, stream: incidentStream(incidentId), schemaVersion: INCIDENT_EVENT_SCHEMA_VERSION, envelope: { commandId: randomUUID(), correlationId: 'c', actor: 'ann', occurredAt: now }, request: asked, command: () => asked });
  };
  const open = (incidentId: string) => run(incidentId, openIncident({ slaConfiguration: CONFIGURATION }), OPENED);
  const startWork = (incidentId: string, now: string) => run(incidentId, command('AssignIncident', { assignmentGroup: 'desk', assignee: 'ann' }), now);
  const resolve = (incidentId: string, now: string) => run(incidentId, command('ResolveIncident', { resolutionCode: 'solved_remotely', resolutionNotes: 'Fixed.' }), now);
  return { store, open, startWork, resolve };
}

function watcherAt(store: MemoryEventStore, reads: Awaited<ReturnType<typeof readStoreAfter>>, now: string) {
  return new SlaDeadlineWatch(reads, new SlaDeadlineRecorder(new WritePath(store, { conflictRetries: 0 })), { intervalMs: 1000, clock: () => new Date(now), logger: quiet });
}
const projected = async (store: MemoryEventStore) => readStoreAfter(slaClocksProjection, await store.readAll());
const slaFacts = async (store: MemoryEventStore, incidentId: string) =>
  (await store.readStream(incidentStream(incidentId))).filter(({ type }) => type === 'SlaAtRisk' || type === 'SlaBreached').map(({ type, data, metadata }) => [type, (data as { metric: string }).metric, (data as { dueAt: string }).dueAt, metadata.actor]);

describe('The SLA deadline watcher (projector, under a lease)', () => {
  it('appends SlaAtRisk at the mark and SlaBreached at the deadline, each once, as facts of the incident', async () => {
    const { store, open, startWork } = await incidentLog();
    await open('A');
    await startWork('A', at('09:30'));
    expect(await watcherAt(store, await projected(store), at('14:59')).watchOnce()).toEqual(new Map());
    await watcherAt(store, await projected(store), at('15:00')).watchOnce();
    expect(await slaFacts(store, 'A')).toEqual([['SlaAtRisk', 'resolution', at('17:00'), 'system:sla-deadline-watcher']]);
    await watcherAt(store, await projected(store), at('15:30')).watchOnce();
    await watcherAt(store, await projected(store), at('17:01')).watchOnce();
    await watcherAt(store, await projected(store), at('23:00')).watchOnce();
    expect(await slaFacts(store, 'A')).toEqual([
      ['SlaAtRisk', 'resolution', at('17:00'), 'system:sla-deadline-watcher'],
      ['SlaBreached', 'resolution', at('17:00'), 'system:sla-deadline-watcher'],
    ]);
  });

  it('records one breach however many watchers look at once, or look again from a stale read model', async () => {
    const { store, open } = await incidentLog();
    await open('B');
    const stale = await projected(store);
    await Promise.all([1, 2, 3].map(() => watcherAt(store, stale, at('10:01')).watchOnce()));
    await watcherAt(store, stale, at('10:02')).watchOnce();
    expect(await slaFacts(store, 'B')).toEqual([['SlaBreached', 'response', at('10:00'), 'system:sla-deadline-watcher']]);
  });

  it('never records a breach for an incident resolved before its deadline, even after the watcher was down past it', async () => {
    const { store, open, startWork, resolve } = await incidentLog();
    await open('C');
    const beforeResolution = await projected(store);
    await startWork('C', at('09:20'));
    await resolve('C', at('16:59'));
    // A read model that has not seen the resolution yet still sends the watcher there: the log decides.
    expect(await watcherAt(store, beforeResolution, at('23:00')).watchOnce()).toEqual(new Map([['C', { kind: 'none' }]]));
    await watcherAt(store, await projected(store), '2026-12-07T00:00:00.000Z').watchOnce();
    expect(await slaFacts(store, 'C')).toEqual([]);
  });

  it('passes over an incident it cannot record, and records the others', async () => {
    const { store, open } = await incidentLog();
    await open('E');
    await open('F');
    const recorder = new SlaDeadlineRecorder(new WritePath(store, { conflictRetries: 0 }));
    const failing = { record: (incidentId: string, now: Date) => (incidentId === 'E' ? Promise.reject(new Error('the stream of E is broken')) : recorder.record(incidentId, now)) } as SlaDeadlineRecorder;
    const watch = new SlaDeadlineWatch(await projected(store), failing, { intervalMs: 1000, clock: () => new Date(at('10:01')), logger: quiet });
    expect(await watch.watchOnce()).toEqual(new Map<string, unknown>([['E', { kind: 'failed', reason: 'the stream of E is broken' }], ['F', { kind: 'recorded', types: ['SlaBreached'] }]]));
    expect(await slaFacts(store, 'F')).toEqual([['SlaBreached', 'response', at('10:00'), 'system:sla-deadline-watcher']]);
  });

  it('records, late, the breach of an incident resolved after its deadline while the watcher was down', async () => {
    const { store, open, startWork, resolve } = await incidentLog();
    await open('D');
    await startWork('D', at('09:20'));
    await resolve('D', at('18:00'));
    await watcherAt(store, await projected(store), at('20:00')).watchOnce();
    expect(await slaFacts(store, 'D')).toEqual([['SlaBreached', 'resolution', at('17:00'), 'system:sla-deadline-watcher']]);
    const recorded = (await store.readStream(incidentStream('D'))).at(-1)!;
    expect(recorded.metadata.occurredAt).toBe(at('20:00'));
  });
});
