import { randomUUID } from 'node:crypto';
import { INCIDENT_EVENT_SCHEMA_VERSION, INCIDENT_STREAM_PREFIX, incidentDecider, incidentStream, type IncidentCommand } from '@itsm/domain';
import { MemoryEventStore } from '@itsm/event-store';
import { MemoryReadStore } from '@itsm/read-store';
import { PARENT_RESOLUTION_ACTOR, ParentResolutionReaction, WritePath } from '@itsm/write-path';
import { command, openIncident } from '../../../libs/domain/src/testing/incident-fixtures';
import { LogReaction } from './log-reaction';

const quiet = { log: () => undefined, error: () => undefined };
const NOW = '2026-11-30T10:00:00.000Z';

describe("A parent's resolution resolves its open children (a reaction in the projector)", () => {
  it("resolves each open child with the parent's resolution, naming the parent, once however often it runs; a detached or finished child is left alone", async () => {
    const store = new MemoryEventStore();
    const writer = new WritePath(store, { conflictRetries: 3 });
    const run = (incidentId: string, made: IncidentCommand) => {
      const asked = { ...made, incidentId, context: { actor: 'ann', now: NOW } } as IncidentCommand;
      return writer.execute({ decider: incidentDecider, stream: incidentStream(incidentId), schemaVersion: INCIDENT_EVENT_SCHEMA_VERSION, envelope: { commandId: randomUUID(), correlationId: 'c', actor: 'ann', occurredAt: NOW }, request: asked, command: () => asked });
    };
    for (const id of ['parent', 'open-child', 'held-child', 'done-child', 'detached']) await run(id, openIncident({ number: id === 'parent' ? 'INC0010009' : null }));
    await run('held-child', command('PutIncidentOnHold', { reason: 'awaiting_caller' }));
    for (const child of ['open-child', 'held-child', 'done-child', 'detached']) await run('parent', command('AttachChildIncident', { childId: child, childStatus: 'new' }));
    await run('done-child', command('ResolveIncident', { resolutionCode: 'solved_remotely', resolutionNotes: 'Its own fix' }));
    await run('parent', command('DetachChildIncident', { childId: 'detached', reason: 'another cause' }));
    const resolved = await run('parent', command('ResolveIncident', { resolutionCode: 'solved_permanently', resolutionNotes: 'Spool emptied' }));

    const reaction = (reads: MemoryReadStore) =>
      new LogReaction(store, reads, async (fact) => void (await new ParentResolutionReaction(new WritePath(store, { conflictRetries: 3 })).react(fact, new Date('2026-11-30T10:05:00.000Z'))), {
        key: 'parent_resolution_reaction', what: 'test', streamPrefixes: [INCIDENT_STREAM_PREFIX], intervalMs: 1000, logger: quiet,
      });
    await reaction(new MemoryReadStore()).reactOnce();
    await reaction(new MemoryReadStore()).reactOnce();
    const resolutions = async (id: string) => (await store.readStream(incidentStream(id))).filter((event) => event.type === 'IncidentResolved').map((event) => ({ actor: event.metadata.actor, data: event.data, causationId: event.metadata.causationId }));
    for (const child of ['open-child', 'held-child']) {
      expect(await resolutions(child)).toEqual([
        { actor: PARENT_RESOLUTION_ACTOR, causationId: resolved.events[0]?.metadata.eventId, data: expect.objectContaining({ resolutionCode: 'solved_permanently', resolutionNotes: 'Spool emptied', byParent: { incidentId: 'parent', number: 'INC0010009' } }) },
      ]);
    }
    expect((await resolutions('done-child')).map((r) => r.actor)).toEqual(['ann']);
    // Reopened by hand: a replay of the parent's old resolution must not resolve it again.
    await run('open-child', command('ReopenIncident', { reason: 'still broken here' }));
    await reaction(new MemoryReadStore()).reactOnce();
    expect(await resolutions('open-child')).toHaveLength(1);
    expect(await resolutions('detached')).toEqual([]);
  });
});
