import { sealEvents } from '../envelope';
import type { EventMetadata } from '../event-store';
import { metadataToStore, storedMetadata } from './storage-metadata';

const commandId = '019ad5a0-1c2b-7f00-8a1b-3c4d5e6f7a8b';
const context = { actor: 'user:ann', occurredAt: '2026-11-01T09:00:00.000Z', commandId, commandType: 'OpenIncident', correlationId: commandId, causationId: commandId };

/** Metadata exactly as the write path seals it: the second event chains to the first. */
function sealed(overrides: Partial<typeof context> = {}): [EventMetadata, EventMetadata] {
  const [first, second] = sealEvents({
    stream: 'incident-1',
    events: [
      { type: 'IncidentOpened', data: { title: 'Mail is down' } },
      { type: 'IncidentAssigned', data: { assignee: 'bob' } },
    ],
    previousHash: null,
    context: { ...context, ...overrides },
    schemaVersion: 9,
  });
  return [first!.metadata, second!.metadata];
}

/** Written, then read back the way a row is: by the text and the row's event_id column. */
const roundTrip = (metadata: EventMetadata) => storedMetadata(metadataToStore(metadata, metadata.eventId), metadata.eventId);

describe('metadata as a row keeps it (ADR 26)', () => {
  it('is kept without key names or the event id, the command id standing for an equal correlation and causation id', () => {
    const [, second] = sealed();
    expect(JSON.parse(metadataToStore(second, second.eventId))).toEqual(['user:ann', '2026-11-01T09:00:00.000Z', commandId, 'OpenIncident', 0, 0, 9, second.prevHash, second.hash]);
  });

  it('is read back exactly as sealed: the same fields, values and key order, a null prevHash included', () => {
    for (const metadata of sealed()) {
      const read = roundTrip(metadata);
      expect(read).toStrictEqual(metadata);
      expect(JSON.stringify(read)).toBe(JSON.stringify(metadata));
    }
  });

  it('keeps a correlation or causation id that is not the command id', () => {
    const [metadata] = sealed({ correlationId: 'trace-4bf92f3577b34da6', causationId: '0190e4a1-0000-8000-8000-000000000001' });
    const stored = JSON.parse(metadataToStore(metadata, metadata.eventId)) as unknown[];
    expect(stored.slice(4, 6)).toEqual(['trace-4bf92f3577b34da6', '0190e4a1-0000-8000-8000-000000000001']);
    expect(roundTrip(metadata)).toStrictEqual(metadata);
  });

  describe('metadata not exactly as sealEvents makes it is kept as a JSON object, as every row was before', () => {
    const [base] = sealed();
    const { eventId, ...withoutEventId } = base;
    const { causationId: _dropped, ...withoutCausation } = base;
    const cases: ReadonlyArray<[string, Record<string, unknown>]> = [
      ['a field more', { ...base, tenant: 'acme' }],
      ['a field missing', withoutCausation],
      ['a field left undefined', { ...base, causationId: undefined }],
      ['its keys in another order', { ...withoutEventId, eventId }],
      ['a number where an id is', { ...base, commandId: 42 }],
      ['a schema version that is not a number', { ...base, schemaVersion: '9' }],
    ];
    it.each(cases)('%s', (_name, odd) => {
      const metadata = odd as unknown as EventMetadata;
      const stored = metadataToStore(metadata, eventId);
      expect(stored).toBe(JSON.stringify(metadata));
      expect(storedMetadata(stored, eventId)).toStrictEqual(JSON.parse(JSON.stringify(metadata)));
    });

    it('an event id other than the row column', () => {
      expect(metadataToStore(base, 'another-id')).toBe(JSON.stringify(base));
    });
  });

  it('a row written before (a JSON object) is read as it always was, whatever it holds', () => {
    const [metadata] = sealed();
    const older = { ...metadata, eventId: 'the-id-as-written', actor: 'user:legacy' };
    const stored = JSON.stringify(older);
    const read = storedMetadata(stored, 'the-event_id-column');
    expect(JSON.stringify(read)).toBe(stored);
  });
});
