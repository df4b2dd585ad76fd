import { DEFAULT_PRIORITY_MATRIX, INCIDENT_EVENT_SCHEMA_VERSION, incidentDecider, incidentStream, type IncidentCommand } from '@itsm/domain';
import { MemoryEventStore, type AppendResult, type ExpectedRevision, type NewEvent } from '@itsm/event-store';
import { WritePath, type WriteObserver } from './write-path';

const NOW = '2026-11-30T09:00:00.000Z';
const context = { actor: 'ann', now: NOW };
const OPEN = { title: 't', description: 'd', caller: 'c', category: 'email', impact: 2 as const, urgency: 2 as const, priorityMatrix: DEFAULT_PRIORITY_MATRIX };

/** A store that makes the next append to the incident lose a race once, as another process's append would. */
class RacedStore extends MemoryEventStore {
  raceNext = false;
  override async append(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (this.raceNext && stream === incidentStream('I')) {
      this.raceNext = false;
      await super.append(stream, [{ ...events[0]!, type: 'IncidentWorkNoteAdded', data: { incidentId: 'I', text: 'elsewhere' }, metadata: { ...events[0]!.metadata, eventId: '5b8f0c57-1b5e-4c35-9d50-7f0a3e2c1d10' } }], expected);
    }
    return super.append(stream, events, expected);
  }
}

describe('What a write path tells its observer (the metrics)', () => {
  it('reports each append, each conflict, and how each command ended', async () => {
    const seen: string[] = [];
    const observer: WriteObserver = {
      appended: (events) => seen.push(`appended ${events}`),
      conflicted: (type) => seen.push(`conflict ${type}`),
      ended: (type, outcome) => seen.push(`${type} ${outcome}`),
    };
    const store = new RacedStore();
    const writer = new WritePath(store, { conflictRetries: 3, observer }, 'off_for_measurement');
    const run = (command: IncidentCommand, commandId: string) =>
      writer.execute({
        decider: incidentDecider,
        stream: incidentStream('I'),
        schemaVersion: INCIDENT_EVENT_SCHEMA_VERSION,
        envelope: { commandId, correlationId: commandId, actor: 'ann', occurredAt: NOW, repeatable: 'stream' },
        request: { type: command.type, data: command.data },
        command: () => command,
      });
    await run({ type: 'OpenIncident', incidentId: 'I', data: OPEN, context }, 'open');
    await run({ type: 'OpenIncident', incidentId: 'I', data: OPEN, context }, 'open');
    store.raceNext = true;
    await run({ type: 'AddWorkNote', incidentId: 'I', data: { text: 'mine' }, context }, 'note');
    await expect(run({ type: 'ResolveIncident', incidentId: 'I', data: { resolutionCode: 'nope' as never, resolutionNotes: 'x' }, context }, 'resolve')).rejects.toThrow();
    await run({ type: 'CancelIncident', incidentId: 'I', data: { reason: 'dup' }, context }, 'cancel');
    expect(seen).toEqual([
      'appended 1',
      'OpenIncident recorded',
      'OpenIncident replayed',
      'conflict AddWorkNote',
      'appended 1',
      'AddWorkNote recorded',
      'ResolveIncident refused',
      'appended 1',
      'CancelIncident recorded',
    ]);
  });
});
