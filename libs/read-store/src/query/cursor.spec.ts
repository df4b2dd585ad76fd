import { InvalidCursorError, type Filter, type SortKey } from '../read-store';
import { decodeCursor, encodeCursor, type CursorScope } from './cursor';

const order: readonly SortKey[] = [
  { field: 'priority', direction: 'asc' },
  { field: 'openedAt', direction: 'asc' },
  { field: 'id', direction: 'asc' },
];
const values = [1, '2026-01-01T00:00:01.000Z', '00000000-0000-4000-b000-000000000001'];
const queue = (filter: Filter, collection = 'work_queues_v2'): CursorScope => ({ collection, filter, order });

describe('keyset cursors', () => {
  it('are the cursors clients already hold: the same text for the same list and place, however the filter was written', () => {
    // Made by the code before signatures were remembered: a cursor a client holds stays valid.
    const held = 'eyJzIjoiSmp4ZTFZcHJ3ZEYyenh0SCIsImsiOlsxLCIyMDI2LTAxLTAxVDAwOjAwOjAxLjAwMFoiLCIwMDAwMDAwMC0wMDAwLTQwMDAtYjAwMC0wMDAwMDAwMDAwMDEiXX0';
    expect(encodeCursor(queue({ active: true, assignmentGroup: 'network' }), values)).toBe(held);
    expect(encodeCursor(queue({ assignmentGroup: 'network', active: true }), values)).toBe(held);
    expect(decodeCursor(held, queue({ active: true, assignmentGroup: 'network' }))).toEqual(values);
  });

  it('are refused by any other list, even one asked just before (a remembered signature is never another list\'s)', () => {
    const network = queue({ active: true, assignmentGroup: 'network' });
    const others = [queue({ active: true, assignmentGroup: 'database' }), queue({ active: true, assignmentGroup: 'network' }, 'incident_detail_v3'), { ...network, order: [...order.slice(0, 2), { field: 'id', direction: 'desc' } as const] }];
    const cursor = encodeCursor(network, values);
    for (const other of others) {
      encodeCursor(other, values);
      expect(() => decodeCursor(cursor, other)).toThrow(InvalidCursorError);
      expect(decodeCursor(cursor, network)).toEqual(values);
    }
  });
});
