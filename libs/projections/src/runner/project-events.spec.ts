import type { StoredDocument } from '@itsm/read-store';
import type { Projection } from '../projection';
import { TestEventLog } from '../testing/test-event-log';
import { PoisonEventError, projectEvents, touchedDocumentIds } from './project-events';

type CounterEvent = { type: 'Counted'; data: { counters: string[]; by: number } } | { type: 'Dropped'; data: { counter: string } };
interface Counter extends StoredDocument {
  readonly total: number;
}

/** One event may move several counters; Dropped asks for a deletion, which the runner refuses. */
const counters: Projection<CounterEvent, Counter> = {
  name: 'counters',
  version: 1,
  collection: { name: 'counters_v1', indexes: [] },
  streamPrefixes: ['count-'],
  handles: ['Counted', 'Dropped'],
  documentIds: (event) => (event.type === 'Counted' ? event.data.counters : [event.data.counter]),
  evolve: (document, event, id) => (event.type === 'Counted' ? { id, total: (document?.total ?? 0) + event.data.by } : null),
};

describe('projectEvents', () => {
  const log = new TestEventLog();
  const count = (ids: string[], by: number) => log.record('count-1', { type: 'Counted', data: { counters: ids, by } });
  const drop = (id: string) => log.record('count-1', { type: 'Dropped', data: { counter: id } });

  it('evolves each document an event names and stamps it with the last event position', () => {
    const first = count(['a', 'b'], 2);
    const second = count(['a'], 3);
    expect(projectEvents(counters, [first, second], new Map())).toEqual([
      { id: 'a', total: 5, _position: second.position },
      { id: 'b', total: 2, _position: first.position },
    ]);
  });

  it('skips an event for a document already at or past its position', () => {
    const event = count(['c', 'd'], 4);
    const stored = new Map([['c', { id: 'c', total: 4, _position: event.position }]]);
    expect(projectEvents(counters, [event], stored)).toEqual([{ id: 'd', total: 4, _position: event.position }]);
  });

  it('applies an event once to a document it names twice', () => {
    expect(projectEvents(counters, [count(['e', 'e'], 1)], new Map())).toEqual([expect.objectContaining({ id: 'e', total: 1 })]);
  });

  it('ignores events the projection does not handle', () => {
    const other = log.record('count-1', { type: 'Ignored', data: {} });
    expect(projectEvents(counters, [other], new Map())).toEqual([]);
    expect(touchedDocumentIds(counters, [other, count(['f', 'g', 'f'], 1)])).toEqual(['f', 'g']);
  });

  it('feeds a projection of every type each event, whatever its type, and one without the flag only what it lists', () => {
    const everything: Projection<CounterEvent, Counter> = { ...counters, handles: [], handlesEveryType: true, documentIds: (event) => [event.position] };
    const events = [log.record('count-1', { type: 'NeverHeardOf', data: {} }), count(['j'], 1)];
    expect(touchedDocumentIds(everything, events)).toEqual(events.map((event) => event.position));
    expect(projectEvents({ ...everything, evolve: (_document, event, id) => ({ id, total: event.revision }) }, events, new Map())).toHaveLength(2);
    expect(touchedDocumentIds({ ...counters, handles: [] }, events)).toEqual([]);
  });

  it('writes nothing when the projection leaves an absent document absent', () => {
    expect(projectEvents(counters, [drop('h')], new Map())).toEqual([]);
  });

  it('refuses to drop an existing document: a tombstone must stay to guard against re-delivery', () => {
    const stored = new Map([['i', { id: 'i', total: 1, _position: '00000000000000000001' }]]);
    // The projection's own fault, on that event: a poison event the runner stops at (ProjectionContractError within).
    expect(() => projectEvents(counters, [drop('i')], stored)).toThrow(PoisonEventError);
    expect(() => projectEvents(counters, [drop('i')], stored)).toThrow(/dropped document i/);
  });

  it('names the event a projection throws on, whatever it threw', () => {
    const throwing: Projection<CounterEvent, Counter> = { ...counters, evolve: () => { throw new TypeError('no total'); } };
    const events = [count(['k'], 1)];
    expect(() => projectEvents(throwing, events, new Map())).toThrow(expect.objectContaining({ name: 'PoisonEventError', event: events[0], reason: 'no total' }));
  });

  it('refuses a document whose id is not the one asked for', () => {
    const renaming: Projection<CounterEvent, Counter> = { ...counters, evolve: () => ({ id: 'other', total: 0 }) };
    expect(() => projectEvents(renaming, [count(['j'], 1)], new Map())).toThrow(/returned document other for j/);
  });
});
