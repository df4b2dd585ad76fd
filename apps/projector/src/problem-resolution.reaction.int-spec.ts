import { randomUUID } from 'node:crypto';
import { DEFAULT_PRIORITY_MATRIX, INCIDENT_EVENT_SCHEMA_VERSION, incidentDecider, incidentStream, PROBLEM_EVENT_SCHEMA_VERSION, PROBLEM_STREAM_PREFIX, problemDecider, problemStream, type IncidentCommand, type ProblemCommand } from '@itsm/domain';
import { MemoryEventStore } from '@itsm/event-store';
import { MemoryReadStore } from '@itsm/read-store';
import { PROBLEM_RESOLUTION_ACTOR, PROBLEM_WORKAROUND_ACTOR, ProblemResolutionReaction, ProblemWorkaroundReaction, WritePath } from '@itsm/write-path';
import { command, openIncident } from '../../../libs/domain/src/testing/incident-fixtures';
import { LogReaction } from './log-reaction';

const quiet = { log: () => undefined, error: () => undefined };
const NOW = '2026-11-30T10:00:00.000Z';
const PROBLEM = 'p-1';

function aLog() {
  const store = new MemoryEventStore();
  const writer = new WritePath(store, { conflictRetries: 3 });
  const context = { actor: 'ann', now: NOW };
  const envelope = () => ({ commandId: randomUUID(), correlationId: 'c', actor: 'ann', occurredAt: NOW });
  const incident = (incidentId: string, made: IncidentCommand) => {
    const asked = { ...made, incidentId, context } as IncidentCommand;
    return writer.execute({ decider: incidentDecider, stream: incidentStream(incidentId), schemaVersion: INCIDENT_EVENT_SCHEMA_VERSION, envelope: envelope(), request: asked, command: () => asked });
  };
  const problem = (type: ProblemCommand['type'], data: object) => {
    const asked = { type, problemId: PROBLEM, data, context } as ProblemCommand;
    return writer.execute({ decider: problemDecider, stream: problemStream(PROBLEM), schemaVersion: PROBLEM_EVENT_SCHEMA_VERSION, envelope: envelope(), request: asked, command: () => asked });
  };
  const held = async (incidentId: string, reason: string, awaiting: object | null) => {
    await incident(incidentId, openIncident());
    await incident(incidentId, command('PutIncidentOnHold', { reason, note: null, awaiting } as never));
  };
  return { store, writer, incident, problem, held };
}

/** A reaction run by its own projector: its own write path, the checkpoint in `reads`. */
const aReaction = (store: MemoryEventStore, reads: MemoryReadStore) =>
  new LogReaction(store, reads, async (fact) => void (await new ProblemResolutionReaction(new WritePath(store, { conflictRetries: 3 })).react(fact, new Date('2026-11-30T11:00:00.000Z'))), {
    key: 'problem_resolution_reaction', what: 'test', streamPrefixes: [PROBLEM_STREAM_PREFIX], intervalMs: 1000, logger: quiet,
  });

const resumptions = async (store: MemoryEventStore, incidentId: string) =>
  (await store.readStream(incidentStream(incidentId))).filter((event) => event.type === 'IncidentResumed').map((event) => ({ actor: event.metadata.actor, cause: (event.data as { cause?: unknown }).cause, causationId: event.metadata.causationId }));

describe('A resolved problem resumes its linked incidents awaiting it (a reaction in the projector)', () => {
  it('resumes each linked incident on hold awaiting that problem, by id or number, naming it as the cause; and no other', async () => {
    const { store, problem, held } = aLog();
    await held('by-number', 'awaiting_problem', { kind: 'problem', reference: 'prb0010001' });
    await held('by-id', 'awaiting_problem', { kind: 'problem', reference: PROBLEM });
    await held('other-problem', 'awaiting_problem', { kind: 'problem', reference: 'PRB0010002' });
    await held('awaiting-caller', 'awaiting_caller', null);
    await held('not-linked', 'awaiting_problem', { kind: 'problem', reference: PROBLEM });
    await problem('RaiseProblem', { title: 'Spool fills', description: 'd', category: 'email', impact: 2, urgency: 2, priorityMatrix: DEFAULT_PRIORITY_MATRIX, number: 'PRB0010001', incidentIds: ['by-number', 'by-id', 'other-problem', 'awaiting-caller'] });
    await problem('AssessProblem', {});
    await problem('StartRootCauseAnalysis', {});
    const resolved = await problem('ResolveProblem', { resolution: 'Cron job moved' });

    const reads = new MemoryReadStore();
    expect(await aReaction(store, reads).reactOnce()).toBe(4); // the problem's four facts: raised, assessed, analysed, resolved
    const cause = { kind: 'problem_resolved', problemId: PROBLEM, problemNumber: 'PRB0010001' };
    const resumedBy = [{ actor: PROBLEM_RESOLUTION_ACTOR, cause, causationId: resolved.events[0]?.metadata.eventId }];
    expect(await resumptions(store, 'by-number')).toEqual(resumedBy);
    expect(await resumptions(store, 'by-id')).toEqual(resumedBy);
    for (const untouched of ['other-problem', 'awaiting-caller', 'not-linked']) expect(await resumptions(store, untouched)).toEqual([]);
  });

  it('acts once however often it runs: again, after a restart from an old checkpoint, or from a second projector', async () => {
    const { store, problem, held, incident } = aLog();
    await held('i-1', 'awaiting_problem', { kind: 'problem', reference: PROBLEM });
    await problem('RaiseProblem', { title: 'Spool fills', description: 'd', category: 'email', impact: 2, urgency: 2, priorityMatrix: DEFAULT_PRIORITY_MATRIX, incidentIds: ['i-1'] });
    await problem('AssessProblem', {});
    await problem('StartRootCauseAnalysis', {});
    await problem('ResolveProblem', { resolution: 'fixed' });
    const reads = new MemoryReadStore();
    await aReaction(store, reads).reactOnce();
    await aReaction(store, reads).reactOnce(); // the checkpoint moved: nothing read
    await aReaction(store, new MemoryReadStore()).reactOnce(); // a checkpoint lost: everything read again
    await Promise.all([aReaction(store, new MemoryReadStore()).reactOnce(), aReaction(store, new MemoryReadStore()).reactOnce()]);
    expect(await resumptions(store, 'i-1')).toHaveLength(1);
    // Put on hold for the problem again by hand: a replay of the old resolution must not resume it a second time.
    await incident('i-1', command('PutIncidentOnHold', { reason: 'awaiting_problem', note: 'it came back', awaiting: { kind: 'problem', reference: PROBLEM } }));
    await aReaction(store, new MemoryReadStore()).reactOnce();
    expect((await store.readStream(incidentStream('i-1'))).map((event) => event.type)).toEqual(['IncidentOpened', 'IncidentPutOnHold', 'IncidentResumed', 'IncidentPutOnHold']);
  });

  it('resumes an incident unlinked while awaiting the problem, naming the unlinking as the cause: nothing else would resume it', async () => {
    const { store, problem, held } = aLog();
    await held('i-1', 'awaiting_problem', { kind: 'problem', reference: PROBLEM });
    await held('i-2', 'awaiting_caller', null);
    await problem('RaiseProblem', { title: 'Spool fills', description: 'd', category: 'email', impact: 2, urgency: 2, priorityMatrix: DEFAULT_PRIORITY_MATRIX, number: 'PRB0010001', incidentIds: ['i-1', 'i-2'] });
    await problem('UnlinkIncident', { incidentId: 'i-1', reason: 'another cause' });
    await problem('UnlinkIncident', { incidentId: 'i-2', reason: 'another cause' });
    await aReaction(store, new MemoryReadStore()).reactOnce();
    await aReaction(store, new MemoryReadStore()).reactOnce();
    expect((await resumptions(store, 'i-1')).map((resumed) => resumed.cause)).toEqual([{ kind: 'problem_unlinked', problemId: PROBLEM, problemNumber: 'PRB0010001' }]);
    expect(await resumptions(store, 'i-2')).toEqual([]);
  });

  it('resumes an incident awaiting a problem that is cancelled, naming the cancellation as the cause', async () => {
    const { store, problem, held } = aLog();
    await held('i-1', 'awaiting_problem', { kind: 'problem', reference: PROBLEM });
    await problem('RaiseProblem', { title: 'Spool fills', description: 'd', category: 'email', impact: 2, urgency: 2, priorityMatrix: DEFAULT_PRIORITY_MATRIX, number: 'PRB0010001', incidentIds: ['i-1'] });
    await problem('CancelProblem', { reason: 'duplicate of PRB0010007' });
    await aReaction(store, new MemoryReadStore()).reactOnce();
    expect((await resumptions(store, 'i-1')).map((resumed) => resumed.cause)).toEqual([{ kind: 'problem_cancelled', problemId: PROBLEM, problemNumber: 'PRB0010001' }]);
  });

  it('leaves an incident resumed by hand meanwhile as it is', async () => {
    const { store, problem, held, incident } = aLog();
    await held('i-1', 'awaiting_problem', { kind: 'problem', reference: PROBLEM });
    await problem('RaiseProblem', { title: 'Spool fills', description: 'd', category: 'email', impact: 2, urgency: 2, priorityMatrix: DEFAULT_PRIORITY_MATRIX, incidentIds: ['i-1'] });
    await problem('AssessProblem', {});
    await problem('StartRootCauseAnalysis', {});
    await problem('ResolveProblem', { resolution: 'fixed' });
    await incident('i-1', command('ResumeIncident', {}));
    await aReaction(store, new MemoryReadStore()).reactOnce();
    expect((await resumptions(store, 'i-1')).map((resumed) => resumed.actor)).toEqual(['ann']);
  });
});

describe("A problem's workaround is published to the incidents it causes (a reaction in the projector)", () => {
  const workaroundsOf = async (store: MemoryEventStore, incidentId: string) =>
    (await store.readStream(incidentStream(incidentId))).filter((event) => event.type === 'IncidentWorkaroundPublished').map((event) => [(event.data as { workaround: string }).workaround, event.metadata.actor]);
  const publishing = (store: MemoryEventStore, reads: MemoryReadStore) =>
    new LogReaction(store, reads, async (fact) => void (await new ProblemWorkaroundReaction(new WritePath(store, { conflictRetries: 3 })).react(fact, new Date('2026-11-30T11:00:00.000Z'))), {
      key: 'problem_reactions', what: 'test', streamPrefixes: [PROBLEM_STREAM_PREFIX], intervalMs: 1000, logger: quiet,
    });

  it('tells each live linked incident when the workaround is recorded, and an incident linked later, once each', async () => {
    const { store, problem, incident } = aLog();
    for (const id of ['i-1', 'i-2', 'i-3']) await incident(id, openIncident());
    await incident('i-2', command('CancelIncident', { reason: 'opened twice' }));
    await problem('RaiseProblem', { title: 'Spool fills', description: 'd', category: 'email', impact: 2, urgency: 2, priorityMatrix: DEFAULT_PRIORITY_MATRIX, number: 'PRB0010001', incidentIds: ['i-1', 'i-2'] });
    await problem('RecordWorkaround', { workaround: 'Restart the spooler' });
    await problem('LinkIncident', { incidentId: 'i-3' });
    const reads = new MemoryReadStore();
    await publishing(store, reads).reactOnce();
    await publishing(store, new MemoryReadStore()).reactOnce(); // from the start again: nothing twice
    expect(await workaroundsOf(store, 'i-1')).toEqual([['Restart the spooler', PROBLEM_WORKAROUND_ACTOR]]);
    expect(await workaroundsOf(store, 'i-2')).toEqual([]);
    expect(await workaroundsOf(store, 'i-3')).toEqual([['Restart the spooler', PROBLEM_WORKAROUND_ACTOR]]);

    await problem('RecordWorkaround', { workaround: 'Move the cron job' });
    await publishing(store, reads).reactOnce();
    expect(await workaroundsOf(store, 'i-1')).toEqual([['Restart the spooler', PROBLEM_WORKAROUND_ACTOR], ['Move the cron job', PROBLEM_WORKAROUND_ACTOR]]);
    expect((await store.readStream(incidentStream('i-3'))).at(-1)?.data).toMatchObject({ problemId: PROBLEM, problemNumber: 'PRB0010001', workaround: 'Move the cron job' });
  });

  it('withdraws the workaround from an incident unlinked, with the reason, once; one never told is left as it is', async () => {
    const { store, problem, incident } = aLog();
    for (const id of ['i-1', 'i-2']) await incident(id, openIncident());
    await problem('RaiseProblem', { title: 'Spool fills', description: 'd', category: 'email', impact: 2, urgency: 2, priorityMatrix: DEFAULT_PRIORITY_MATRIX, number: 'PRB0010001', incidentIds: ['i-1', 'i-2'] });
    await problem('UnlinkIncident', { incidentId: 'i-2', reason: 'unrelated after all' });
    await problem('RecordWorkaround', { workaround: 'Restart the spooler' });
    await problem('UnlinkIncident', { incidentId: 'i-1', reason: 'another cause' });
    await publishing(store, new MemoryReadStore()).reactOnce();
    await publishing(store, new MemoryReadStore()).reactOnce();
    const types = async (id: string) => (await store.readStream(incidentStream(id))).map((event) => event.type);
    expect(await types('i-1')).toEqual(['IncidentOpened', 'IncidentWorkaroundPublished', 'IncidentWorkaroundWithdrawn']);
    expect((await store.readStream(incidentStream('i-1'))).at(-1)).toMatchObject({ data: { problemId: PROBLEM, problemNumber: 'PRB0010001', reason: 'another cause' }, metadata: { actor: PROBLEM_WORKAROUND_ACTOR } });
    expect(await types('i-2')).toEqual(['IncidentOpened']);
  });

  it('withdraws the workaround from every incident of a problem cancelled', async () => {
    const { store, problem, incident } = aLog();
    await incident('i-1', openIncident());
    await problem('RaiseProblem', { title: 'Spool fills', description: 'd', category: 'email', impact: 2, urgency: 2, priorityMatrix: DEFAULT_PRIORITY_MATRIX, number: 'PRB0010001', incidentIds: ['i-1'] });
    await problem('RecordWorkaround', { workaround: 'Use the PDF printer' });
    await problem('CancelProblem', { reason: 'opened in error' });
    await publishing(store, new MemoryReadStore()).reactOnce();
    await publishing(store, new MemoryReadStore()).reactOnce();
    const events = await store.readStream(incidentStream('i-1'));
    expect(events.map((event) => event.type)).toEqual(['IncidentOpened', 'IncidentWorkaroundPublished', 'IncidentWorkaroundWithdrawn']);
    expect(events.at(-1)?.data).toMatchObject({ reason: 'The problem was cancelled: opened in error' });
  });
});
