import { sealEvents } from '../envelope';
import type { Json, RecordedEvent } from '../event-store';
import { contentBreak } from '../integrity/chain-link';
import { sequencePosition } from '../position';
import { EventSchemaTooNewError, readAsCurrent, type EventSchemas } from './read-as-current';

/** Tickets at version 2, where TicketNamed's `name` became `title`. */
const schemas: EventSchemas = {
  currentVersion: (type) => (type.startsWith('Ticket') ? 2 : undefined),
  upcast: (type, version, data) => {
    if (type !== 'TicketNamed' || version >= 2) return data;
    const { name, ...rest } = data as { readonly [field: string]: Json };
    return { ...rest, title: name ?? null };
  },
};

function stored(type: string, data: Json, schemaVersion: number): RecordedEvent {
  const context = { actor: 'user:ann', occurredAt: '2026-11-01T09:00:00.000Z', commandId: 'c1', commandType: 'Name', correlationId: 'c1', causationId: 'c1' };
  const [event] = sealEvents({ stream: 'ticket-1', events: [{ type, data }], previousHash: null, context, schemaVersion });
  return { ...(event as RecordedEvent), stream: 'ticket-1', revision: 0, position: sequencePosition(1), recordedAt: '2026-11-01T09:00:01.000Z' };
}

describe('Reading an event in the current shape', () => {
  it('reads an older event upcast, saying from which version, and keeps what was stored', () => {
    const old = stored('TicketNamed', { name: 'VPN down' }, 1);
    const read = readAsCurrent(old, schemas);
    expect(read.data).toEqual({ title: 'VPN down' });
    expect(read.upcastTo).toBe(2);
    expect(read.metadata.schemaVersion).toBe(1);
    expect(read.storedData).toEqual({ name: 'VPN down' });
  });

  it('still verifies against its hash, which covers the stored bytes (and fails when the upcast data is hashed instead)', () => {
    const read = readAsCurrent(stored('TicketNamed', { name: 'VPN down' }, 1), schemas);
    expect(contentBreak(read)).toBeNull();
    expect(contentBreak({ ...read, storedData: undefined })).toMatchObject({ reason: 'hash_mismatch' });
  });

  it('reads a current event, an event whose type took no step since, and a type it does not know as they are', () => {
    for (const event of [stored('TicketNamed', { title: 'VPN down' }, 2), stored('TicketClosed', { reason: 'done' }, 1), stored('CheckpointSigned', { sequence: 1 }, 1)]) {
      expect(readAsCurrent(event, schemas)).toBe(event);
    }
  });

  it('reads an event already read as it is: reading twice changes nothing', () => {
    const once = readAsCurrent(stored('TicketNamed', { name: 'VPN down' }, 1), schemas);
    expect(readAsCurrent(once, schemas)).toBe(once);
  });

  it('keeps personal data revealed before it was upcast stored as it was sealed', () => {
    const revealed = { ...stored('TicketNamed', { name: 'pd1:sealed' }, 1), data: { name: 'VPN down' }, storedData: { name: 'pd1:sealed' } };
    expect(readAsCurrent(revealed, schemas)).toMatchObject({ data: { title: 'VPN down' }, storedData: { name: 'pd1:sealed' } });
  });

  it('refuses an event stored at a version newer than the code knows, naming it, rather than mis-read it', () => {
    const newer = stored('TicketNamed', { heading: { text: 'VPN down' } }, 3);
    expect(() => readAsCurrent(newer, schemas)).toThrow(EventSchemaTooNewError);
    expect(() => readAsCurrent(newer, schemas)).toThrow('ticket-1 revision 0: TicketNamed was stored at schema version 3, and this code knows version 2 at most');
  });

  it('reads every event as stored when the store was given no schemas', () => {
    const old = stored('TicketNamed', { name: 'VPN down' }, 1);
    expect(readAsCurrent(old, undefined)).toBe(old);
  });
});
