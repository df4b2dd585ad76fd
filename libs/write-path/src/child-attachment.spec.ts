import { DEFAULT_PRIORITY_MATRIX, INCIDENT_EVENT_SCHEMA_VERSION, incidentDecider, incidentStream, type IncidentCommand } from '@itsm/domain';
import { MemoryEventStore, type AppendResult, type EventStore, type ExpectedRevision, type NewEvent } from '@itsm/event-store';
import { childAttachmentSteps } from './child-attachment';
import type { CommandEnvelope } from './command-envelope';
import { WritePath } from './write-path';

const NOW = '2026-11-30T09:00:00.000Z';
const context = { actor: 'ann', now: NOW };
const envelope = (commandId: string): CommandEnvelope => ({ commandId, correlationId: commandId, actor: 'ann', occurredAt: NOW });
const OPEN = { title: 't', description: 'd', caller: 'c', category: 'email', impact: 2 as const, urgency: 2 as const, priorityMatrix: DEFAULT_PRIORITY_MATRIX };

/** A store where someone else writes to the parent just before our first append to it: that append conflicts. */
class InterruptedParent extends MemoryEventStore {
  interruptNext: (() => Promise<void>) | null = null;
  override async append(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    const interrupt = stream === incidentStream('P') ? this.interruptNext : null;
    if (interrupt !== null) {
      this.interruptNext = null;
      await interrupt();
    }
    return super.append(stream, events, expected);
  }
}

describe("A child's attachment, on both streams", () => {
  let store: InterruptedParent;
  let writer: WritePath;
  /** `interrupting`: written without waiting for the stream's turn, which the interrupted command holds. */
  const run = (command: IncidentCommand, commandId: string, interrupting = false) =>
    writer[interrupting ? 'write' : 'execute']({
      decider: incidentDecider,
      stream: incidentStream(command.incidentId),
      schemaVersion: INCIDENT_EVENT_SCHEMA_VERSION,
      envelope: envelope(commandId),
      request: { type: command.type, data: { incidentId: command.incidentId, ...command.data } },
      command: () => command,
      crossStream: childAttachmentSteps(writer, command, envelope(commandId)),
    });
  const typesOn = async (store: EventStore, id: string) => (await store.readStream(incidentStream(id))).map((event) => event.type);

  beforeEach(async () => {
    store = new InterruptedParent();
    writer = new WritePath(store as EventStore, { conflictRetries: 3 });
    for (const id of ['P', 'C']) await run({ type: 'OpenIncident', incidentId: id, data: OPEN, context }, `open-${id}`);
  });

  it("undoes the child's claim when the parent's append loses a race, and claims again on the retry", async () => {
    store.interruptNext = async () => {
      await run({ type: 'AddWorkNote', incidentId: 'P', data: { text: 'meanwhile' }, context }, 'note', true);
    };
    await run({ type: 'AttachChildIncident', incidentId: 'P', data: { childId: 'C' }, context }, 'attach');
    expect(await typesOn(store, 'C')).toEqual(['IncidentOpened', 'IncidentAttachedToParent', 'IncidentDetachedFromParent', 'IncidentAttachedToParent']);
    expect(await typesOn(store, 'P')).toEqual(['IncidentOpened', 'IncidentWorkNoteAdded', 'IncidentChildAttached']);
  });

  it('leaves the child free when the parent, decided again after the race, refuses', async () => {
    store.interruptNext = async () => {
      await run({ type: 'ResolveIncident', incidentId: 'P', data: { resolutionCode: 'solved_permanently', resolutionNotes: 'n' }, context }, 'resolve', true);
    };
    await expect(run({ type: 'AttachChildIncident', incidentId: 'P', data: { childId: 'C' }, context }, 'attach')).rejects.toMatchObject({ code: 'incident.already_resolved' });
    expect(await typesOn(store, 'C')).toEqual(['IncidentOpened', 'IncidentAttachedToParent', 'IncidentDetachedFromParent']);
  });

  it("never undoes another request's claim for the same parent", async () => {
    // A second request for the same attachment finds the claim made and decides nothing there; its own race undoes nothing.
    await run({ type: 'AttachToParent', incidentId: 'C', data: { parentId: 'P' }, context }, 'first-claim');
    store.interruptNext = async () => {
      await run({ type: 'AddWorkNote', incidentId: 'P', data: { text: 'meanwhile' }, context }, 'note', true);
    };
    await run({ type: 'AttachChildIncident', incidentId: 'P', data: { childId: 'C' }, context }, 'attach');
    expect(await typesOn(store, 'C')).toEqual(['IncidentOpened', 'IncidentAttachedToParent']);
  });
});
