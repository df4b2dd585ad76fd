import { DEFAULT_PRIORITY_MATRIX, incidentDecider, incidentStream, type IncidentCommand } from '@itsm/domain';
import { ChainBrokenError, integrityStatus, LOG_INTEGRITY_STREAM, MemoryEventStore, raiseIntegrityAlarm } from '@itsm/event-store';
import { WritePath } from './write-path';

const ID = 'c0ffee00-0000-4000-8000-000000000001';
const OTHER = 'c0ffee00-0000-4000-8000-000000000002';
const NOW = '2026-01-05T10:00:00.000Z';
const context = { actor: 'alice', now: NOW };
const open = (incidentId: string): IncidentCommand => ({
  type: 'OpenIncident',
  incidentId,
  context,
  data: { title: 'VPN down', description: 'No tunnel', caller: 'bob', category: 'network', impact: 1, urgency: 2, priorityMatrix: DEFAULT_PRIORITY_MATRIX },
});
const note = (incidentId: string, text = 'checked'): IncidentCommand => ({ type: 'AddWorkNote', incidentId, context, data: { text } });
let commands = 0;
const write = (writer: WritePath, command: IncidentCommand) =>
  writer.execute({
    decider: incidentDecider,
    stream: incidentStream(command.incidentId),
    schemaVersion: 1,
    envelope: { commandId: `cmd-${++commands}`, correlationId: 'c', actor: 'alice', occurredAt: NOW },
    request: command,
    command: () => command,
  });

describe('Commands on a log that failed its integrity checks', () => {
  let store: MemoryEventStore;
  let writer: WritePath;

  beforeEach(async () => {
    store = new MemoryEventStore();
    writer = new WritePath(store, { conflictRetries: 2, integrityAlarmMaxAgeMs: 0 });
    await write(writer, open(ID));
    await write(writer, open(OTHER));
  });

  it('are refused on a stream with an event its hash does not cover, nothing is appended, and the alarm is raised', async () => {
    const [opened] = await store.readStream(incidentStream(ID));
    // Stores do not check hashes: anyone with write access can append a forged fact.
    await store.append(incidentStream(ID), [{ type: 'IncidentWorkNoteAdded', data: { incidentId: ID, text: 'forged' }, metadata: { ...opened!.metadata, eventId: 'forged', prevHash: opened!.metadata.hash } }], 0);
    const [forged] = await store.readStream(incidentStream(ID), { from: 1 });

    await expect(write(writer, note(ID))).rejects.toMatchObject({ code: 'integrity.chain_broken', found: { stream: incidentStream(ID), revision: 1, reason: 'hash_mismatch' } });

    expect(await store.readStream(incidentStream(ID))).toHaveLength(2);
    expect(await integrityStatus(store)).toMatchObject({ state: 'broken', detectedBy: 'system:write-path', firstBreak: { position: forged!.position, reason: 'hash_mismatch' } });
  });

  it('are refused on the stream the raised alarm names, though its chain holds (recomputed after an edit), and go on elsewhere', async () => {
    const [opened] = await store.readStream(incidentStream(ID));
    await raiseIntegrityAlarm(store, { position: opened!.position, stream: incidentStream(ID), revision: 0, reason: 'fingerprint_mismatch', detail: 'edited' }, 'system:log-verifier', new Date(NOW));

    await expect(write(writer, note(ID))).rejects.toBeInstanceOf(ChainBrokenError);
    await expect(write(writer, note(OTHER))).resolves.toMatchObject({ revision: 1 });
    expect(await store.readStream(incidentStream(ID))).toHaveLength(1);
  });

  it('raise the alarm once however many commands find the same break', async () => {
    const [opened] = await store.readStream(incidentStream(ID));
    await store.append(incidentStream(ID), [{ type: 'IncidentWorkNoteAdded', data: { incidentId: ID, text: 'forged' }, metadata: { ...opened!.metadata, eventId: 'forged', prevHash: opened!.metadata.hash } }], 0);

    await Promise.allSettled([write(writer, note(ID, 'a')), write(writer, note(ID, 'b')), write(writer, note(ID, 'c'))]);

    expect(await store.readStream(LOG_INTEGRITY_STREAM)).toHaveLength(1);
  });
});
