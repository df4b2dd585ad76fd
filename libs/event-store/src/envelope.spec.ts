import { canonicalJson } from './canonical-json';
import { deterministicId, EventContext, eventIdFor, lastHashOf, sealEvents } from './envelope';
import { verifyChain } from './integrity/chain-link';
import { NewEvent, RecordedEvent } from './event-store';
import { sequencePosition } from './position';

const context: EventContext = {
  actor: 'user:alice',
  occurredAt: '2025-03-01T09:00:00.000Z',
  commandId: 'cmd-1',
  commandType: 'OpenIncident',
  correlationId: 'corr-1',
  causationId: 'cmd-1',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** What a store would give back: the sealed events with their place in the stream. */
function recorded(stream: string, events: readonly NewEvent[], firstRevision = 0): RecordedEvent[] {
  return events.map((event, index) => ({
    ...event,
    stream,
    revision: firstRevision + index,
    position: sequencePosition(firstRevision + index + 1),
    recordedAt: '2025-03-01T09:00:01.000Z',
  }));
}

function aChain(): RecordedEvent[] {
  const opened = sealEvents({
    stream: 'incident-1',
    events: [
      { type: 'IncidentOpened', data: { title: 'Mail down', impact: 'high' } },
      { type: 'IncidentAssigned', data: { group: 'messaging', assignee: null } },
    ],
    previousHash: null,
    context,
    schemaVersion: 1,
  });
  const first = recorded('incident-1', opened);
  const resolved = sealEvents({
    stream: 'incident-1',
    events: [{ type: 'IncidentResolved', data: { code: 'solved_permanently' } }],
    previousHash: lastHashOf(first),
    context: { ...context, commandId: 'cmd-2', commandType: 'ResolveIncident', causationId: 'cmd-2' },
    schemaVersion: 1,
  });
  return [...first, ...recorded('incident-1', resolved, 2)];
}

describe('deterministic ids', () => {
  it('derives the same UUID-formatted id from the same parts, and different ids from different parts', () => {
    expect(deterministicId('idem-key-1')).toBe(deterministicId('idem-key-1'));
    expect(deterministicId('idem-key-1')).toMatch(UUID);
    expect(deterministicId('idem-key-1')).not.toBe(deterministicId('idem-key-2'));
    expect(deterministicId('a', 'bc')).not.toBe(deterministicId('ab', 'c'));
  });

  it("derives each event's id from the command id and the event's index, so a retried command repeats them", () => {
    const seal = (): string[] => sealEvents({ stream: 's-1', events: [{ type: 'A', data: 1 }, { type: 'B', data: 2 }], previousHash: null, context, schemaVersion: 1 }).map((event) => event.metadata.eventId);
    expect(seal()).toEqual(seal());
    expect(seal()).toEqual([eventIdFor('cmd-1', 0), eventIdFor('cmd-1', 1)]);
    expect(eventIdFor('cmd-1', 0)).not.toBe(eventIdFor('cmd-2', 0));
  });
});

describe('sealEvents', () => {
  it('copies the context and schema version into the metadata and chains each event to the previous one', () => {
    const [first, second] = sealEvents({ stream: 's-1', events: [{ type: 'A', data: {} }, { type: 'B', data: {} }], previousHash: 'abc', context, schemaVersion: 3 });
    expect(first.metadata).toMatchObject({ ...context, schemaVersion: 3, prevHash: 'abc' });
    expect(first.metadata.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(second.metadata.prevHash).toBe(first.metadata.hash);
  });

  it('hashes canonical JSON: key order in data does not change the hash', () => {
    const seal = (data: { a: number; b: { c: number; d: number } }): string => sealEvents({ stream: 's-1', events: [{ type: 'A', data }], previousHash: null, context, schemaVersion: 1 })[0].metadata.hash;
    expect(seal({ a: 1, b: { c: 2, d: 3 } })).toBe(seal({ b: { d: 3, c: 2 }, a: 1 }));
    expect(canonicalJson({ b: [{ z: 1, y: 2 }], a: null })).toBe('{"a":null,"b":[{"y":2,"z":1}]}');
  });
});

describe('verifyChain', () => {
  it('accepts an untouched stream, also after a JSON round trip that re-orders keys', () => {
    const chain = aChain();
    expect(verifyChain(chain)).toBeNull();
    const roundTripped = JSON.parse(JSON.stringify(chain, (_key, value) => reverseKeys(value))) as RecordedEvent[];
    expect(verifyChain(roundTripped)).toBeNull();
    expect(verifyChain([])).toBeNull();
  });

  it('reports the revision of an event whose data was altered', () => {
    const chain = aChain();
    chain[1] = { ...chain[1], data: { group: 'network', assignee: null } };
    expect(verifyChain(chain)).toBe(1);
  });

  it('reports an altered metadata field, a removed event and a re-hashed forgery', () => {
    const altered = aChain();
    altered[0] = { ...altered[0], metadata: { ...altered[0].metadata, actor: 'user:mallory' } };
    expect(verifyChain(altered)).toBe(0);

    const [first, , third] = aChain();
    expect(verifyChain([first, third])).toBe(2);

    // Re-sealing a forged event gives it a valid own hash, but its successor no longer links to it.
    const forged = aChain();
    const [reSealed] = sealEvents({ stream: 'incident-1', events: [{ type: 'IncidentAssigned', data: { group: 'x', assignee: null } }], previousHash: forged[0].metadata.hash, context, schemaVersion: 1 });
    forged[1] = { ...forged[1], ...reSealed };
    expect(verifyChain(forged)).toBe(2);
  });

  it('reports a first event that claims a predecessor although it starts the stream', () => {
    const chain = aChain();
    chain[0] = { ...chain[0], metadata: { ...chain[0].metadata, prevHash: 'f'.repeat(64) } };
    expect(verifyChain(chain)).toBe(0);
  });
});

function reverseKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).reverse());
}
