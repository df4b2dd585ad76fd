import { lastHashOf, sealEvents } from '../envelope';
import type { EventStore, Json, RecordedEvent } from '../event-store';
import { verifyLog } from '../integrity/log-verification';
import { LogSealer } from '../integrity/log-sealer';
import { verifyStream } from '../integrity/stream-verification';
import { EventSchemaTooNewError, type EventSchemas } from '../upcasting/read-as-current';
import type { OpenedEventStore } from './event-store-contract';
import { aSigningKey } from './sealed-log';
import { nextEvent, puller } from './test-events';

/** Tickets written at version 3: TicketNamed's `name` became `title` at 2, and `by` became `actor` at 3. */
export const TICKET_SCHEMAS: EventSchemas = {
  currentVersion: (type) => (type.startsWith('Ticket') ? 3 : undefined),
  upcast: (type, version, data) => {
    if (type !== 'TicketNamed') return data;
    let read = data as { readonly [field: string]: Json };
    if (version < 2) {
      const { name, ...rest } = read;
      read = { ...rest, title: name ?? null };
    }
    if (version < 3) {
      const { by, ...rest } = read;
      read = { ...rest, actor: by ?? null };
    }
    return read === data ? data : read;
  },
};

let commands = 0;

/** Appends one fact sealed into its stream's chain at `schemaVersion`, as a version of the code that wrote that version would have. */
export async function appendAtVersion(store: EventStore, stream: string, type: string, data: Json, schemaVersion: number): Promise<void> {
  const existing = await store.readStream(stream, { asStored: true });
  const commandId = `upcasting-${++commands}`;
  const context = { actor: 'user:ann', occurredAt: '2026-11-01T09:00:00.000Z', commandId, commandType: 'Test', correlationId: commandId, causationId: commandId };
  const sealed = sealEvents({ stream, events: [{ type, data }], previousHash: lastHashOf(existing), schemaVersion, context });
  await store.append(stream, sealed, existing.length === 0 ? 'no_stream' : existing.length - 1);
}

const V1 = { name: 'VPN down', by: 'ann' };
const CURRENT = { title: 'VPN down', actor: 'ann' };

/**
 * Every read of the port (a stream either way, the log, a subscription) gives an older event in
 * the current shape, saying so, with what was stored kept beside it; a read asked as stored and the
 * integrity checks see the bytes as written; an event of a newer version is refused (ADR 21).
 */
export function describeUpcastingContract(name: string, open: (schemas: EventSchemas) => Promise<OpenedEventStore>): void {
  describe(`${name} (upcasting contract)`, () => {
    let opened: OpenedEventStore;
    const store = (): EventStore => opened.store;
    beforeEach(async () => {
      opened = await open(TICKET_SCHEMAS);
      await appendAtVersion(store(), 'ticket-1', 'TicketNamed', V1, 1);
      await appendAtVersion(store(), 'ticket-1', 'TicketNamed', { title: 'VPN down again', by: 'bob' }, 2);
      await appendAtVersion(store(), 'ticket-1', 'TicketNamed', { title: 'VPN fixed', actor: 'cy' }, 3);
    });
    afterEach(async () => {
      await opened.cleanup();
    });

    const shapes = (events: readonly RecordedEvent[]) => events.map(({ data, upcastTo, metadata }) => ({ data, upcastTo, storedAs: metadata.schemaVersion }));
    const expected = [
      { data: CURRENT, upcastTo: 3, storedAs: 1 },
      { data: { title: 'VPN down again', actor: 'bob' }, upcastTo: 3, storedAs: 2 },
      { data: { title: 'VPN fixed', actor: 'cy' }, upcastTo: undefined, storedAs: 3 },
    ];

    it('reads a stream, forwards and backwards, in the current shape, each older event saying it was upcast', async () => {
      expect(shapes(await store().readStream('ticket-1'))).toEqual(expected);
      expect(shapes(await store().readStream('ticket-1', { direction: 'backwards' }))).toEqual([...expected].reverse());
    });

    it('reads the log in the current shape, and keeps what was stored', async () => {
      const [first] = await store().readAll();
      expect(shapes(await store().readAll())).toEqual(expected);
      expect(first?.storedData).toEqual(V1);
    });

    it('delivers a subscription in the current shape', async () => {
      const iterator = store().subscribe()[Symbol.asyncIterator]();
      const pull = puller(iterator);
      const delivered = [await nextEvent(pull), await nextEvent(pull), await nextEvent(pull)];
      await iterator.return?.();
      expect(shapes(delivered)).toEqual(expected);
    });

    it('reads as stored when asked: the bytes as written, nothing upcast', async () => {
      const [stream] = await store().readStream('ticket-1', { asStored: true, max: 1 });
      const [log] = await store().readAll({ asStored: true, max: 1 });
      for (const event of [stream, log]) expect(event).toMatchObject({ data: V1, metadata: { schemaVersion: 1 } });
      expect(stream?.upcastTo).toBeUndefined();
    });

    it('still verifies a log holding older events, checkpoints signed over it included', async () => {
      const { signer, trusted } = aSigningKey();
      await new LogSealer(store(), { signer, trusted, everyEvents: 2, everyMs: 0, clock: () => new Date('2026-11-01T10:00:00Z') }).sealDue(true);
      // Three tickets' events and the two checkpoints the sealer appended.
      expect(await verifyLog(store(), { trusted })).toMatchObject({ ok: true, eventsChecked: 5, checkpointsChecked: 2, firstBreak: null });
      expect(await verifyStream(store(), 'ticket-1', { trusted })).toMatchObject({ ok: true, eventsChecked: 3 });
    });

    describe('an event written by a newer version of the code', () => {
      beforeEach(async () => {
        await appendAtVersion(store(), 'ticket-1', 'TicketNamed', { heading: { text: 'VPN fixed' } }, 4);
      });

      it('is refused by every read, naming it, never mis-read', async () => {
        await expect(store().readStream('ticket-1')).rejects.toThrow(EventSchemaTooNewError);
        await expect(store().readAll()).rejects.toThrow('ticket-1 revision 3: TicketNamed was stored at schema version 4, and this code knows version 3 at most');
        const iterator = store().subscribe()[Symbol.asyncIterator]();
        const pull = puller(iterator);
        await expect((async () => { for (;;) await nextEvent(pull); })()).rejects.toThrow(EventSchemaTooNewError);
        await iterator.return?.();
      });

      it('is still read as stored, and verified', async () => {
        expect(await store().readStream('ticket-1', { asStored: true })).toHaveLength(4);
        expect(await verifyLog(store(), { trusted: aSigningKey().trusted })).toMatchObject({ ok: true, eventsChecked: 4 });
      });
    });
  });
}
