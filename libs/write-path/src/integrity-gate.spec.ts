import { DEFAULT_PRIORITY_MATRIX, incidentDecider, incidentStream, type IncidentCommand } from '@itsm/domain';
import { ChainBrokenError, integrityStatus, LOG_INTEGRITY_STREAM, MemoryEventStore, raiseIntegrityAlarm } from '@itsm/event-store';
import { WritePath, type WritePathOptions } from './write-path';

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
    writer = new WritePath(store, { conflictRetries: 2 });
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

  it('are refused from the moment the alarm is raised, though a command on the stream passed a moment before', async () => {
    await expect(write(writer, note(ID, 'before the alarm'))).resolves.toMatchObject({ revision: 1 });
    const [opened] = await store.readStream(incidentStream(ID));
    await raiseIntegrityAlarm(store, { position: opened!.position, stream: incidentStream(ID), revision: 0, reason: 'fingerprint_mismatch', detail: 'edited' }, 'system:log-verifier', new Date(NOW));

    await expect(write(writer, note(ID, 'after the alarm'))).rejects.toBeInstanceOf(ChainBrokenError);
    expect(await store.readStream(incidentStream(ID))).toHaveLength(2);
  });

  it('raise the alarm once however many commands find the same break', async () => {
    const [opened] = await store.readStream(incidentStream(ID));
    await store.append(incidentStream(ID), [{ type: 'IncidentWorkNoteAdded', data: { incidentId: ID, text: 'forged' }, metadata: { ...opened!.metadata, eventId: 'forged', prevHash: opened!.metadata.hash } }], 0);

    await Promise.allSettled([write(writer, note(ID, 'a')), write(writer, note(ID, 'b')), write(writer, note(ID, 'c'))]);

    expect(await store.readStream(LOG_INTEGRITY_STREAM)).toHaveLength(1);
  });
});

describe('The integrity checks of the command path', () => {
  let store: MemoryEventStore;

  /** ID's chain is broken by a forged event; OTHER's chain holds but the raised alarm names it. */
  async function aLogWithBothBreaks(): Promise<void> {
    store = new MemoryEventStore();
    const writer = new WritePath(store, { conflictRetries: 0 });
    await write(writer, open(ID));
    await write(writer, open(OTHER));
    const [opened] = await store.readStream(incidentStream(ID));
    await store.append(incidentStream(ID), [{ type: 'IncidentWorkNoteAdded', data: { incidentId: ID, text: 'forged' }, metadata: { ...opened!.metadata, eventId: 'forged', prevHash: opened!.metadata.hash } }], 0);
    const [other] = await store.readStream(incidentStream(OTHER));
    await raiseIntegrityAlarm(store, { position: other!.position, stream: incidentStream(OTHER), revision: 0, reason: 'fingerprint_mismatch', detail: 'edited' }, 'system:log-verifier', new Date(NOW));
  }

  beforeEach(aLogWithBothBreaks);

  it('are on when nothing is said: the chain of every loaded event and the raised alarm are checked', async () => {
    const writer = new WritePath(store, { conflictRetries: 0 });
    // OTHER first: ID's break, once found, becomes the raised alarm.
    await expect(write(writer, note(OTHER))).rejects.toMatchObject({ code: 'integrity.chain_broken', found: { reason: 'fingerprint_mismatch' } });
    await expect(write(writer, note(ID))).rejects.toMatchObject({ code: 'integrity.chain_broken', found: { reason: 'hash_mismatch' } });
  });

  it('cannot be turned off by options, so not by configuration: only a constructor argument in code does', async () => {
    const fromConfiguration = { conflictRetries: 0, integrityChecks: 'off_for_measurement', checks: 'off_for_measurement' } as WritePathOptions;
    const writer = new WritePath(store, fromConfiguration);
    await expect(write(writer, note(OTHER))).rejects.toBeInstanceOf(ChainBrokenError);
    await expect(write(writer, note(ID))).rejects.toBeInstanceOf(ChainBrokenError);
  });

  it('off for a measurement, the same write path records on top of both breaks (what the benchmark compares with)', async () => {
    const unchecked = new WritePath(store, { conflictRetries: 0 }, 'off_for_measurement');
    await expect(write(unchecked, note(ID))).resolves.toMatchObject({ revision: 2 });
    await expect(write(unchecked, note(OTHER))).resolves.toMatchObject({ revision: 1 });
  });
});
