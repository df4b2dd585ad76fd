import { changeStream, incidentStream } from '@itsm/domain';
import type { RecordedEvent } from '@itsm/event-store';
import { MemoryReadStore } from '@itsm/read-store';
import { readStoreAfter } from '../testing/replay';
import { TestEventLog } from '../testing/test-event-log';
import { AUDIT_TRAIL_COLLECTION, AUDIT_TRAIL_KEY } from './audit-event-document';
import { auditTrailProjection } from './audit-trail-projection';
import { exportAuditEvents, findAuditEvents, instantBound, type AuditTrailFilter } from './audit-trail-queries';

/**
 * A small log, a minute apart from 09:00: who did what to which stream, so each filter has
 * something to keep and something to leave out.
 */
function auditLog(): readonly RecordedEvent[] {
  const log = new TestEventLog({ startAt: '2026-03-01T09:00:00.000Z' });
  log.record(incidentStream('I1'), { type: 'IncidentOpened', data: {} }, { actor: 'ann' }); // 1, 09:00
  log.record(changeStream('C1'), { type: 'ChangeRaised', data: {} }, { actor: 'bob' }); // 2, 09:01
  log.record(incidentStream('I1'), { type: 'IncidentAssigned', data: {} }, { actor: 'bob' }); // 3, 09:02
  log.record('ci-name-mail', { type: 'CiNameReserved', data: {} }, { actor: 'ann' }); // 4, 09:03
  log.record(incidentStream('I2'), { type: 'IncidentOpened', data: {} }, { actor: 'ann' }); // 5, 09:04
  log.record(changeStream('C1'), { type: 'ChangeApproved', data: {} }, { actor: 'carl' }); // 6, 09:05
  log.record('ci-C9', { type: 'CiRegistered', data: {} }, { actor: 'dora', occurredAt: '2026-03-01T09:05:59.999Z' }); // 7
  return log.events;
}

const numbersOf = (documents: readonly { position: string }[]) => documents.map((document) => Number(document.position));

describe('audit trail queries', () => {
  let store: MemoryReadStore;
  beforeEach(async () => (store = await readStoreAfter(auditTrailProjection, auditLog())));

  const find = async (filter: AuditTrailFilter) => numbersOf((await findAuditEvents(store, filter, { limit: 100 })).items);

  it('answers every event in log order without a filter', async () => {
    expect(await find({})).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('filters by actor, by kind of stream and by type, one or several, all conditions holding', async () => {
    expect(await find({ actor: 'ann' })).toEqual([1, 4, 5]);
    expect(await find({ streamTypes: ['change'] })).toEqual([2, 6]);
    expect(await find({ streamTypes: ['incident', 'ci-name'] })).toEqual([1, 3, 4, 5]);
    expect(await find({ types: ['IncidentOpened'] })).toEqual([1, 5]);
    expect(await find({ types: ['IncidentOpened', 'ChangeApproved', 'IncidentOpened'] })).toEqual([1, 5, 6]);
    expect(await find({ actor: 'bob', streamTypes: ['incident'], types: ['IncidentAssigned'] })).toEqual([3]);
    expect(await find({ actor: 'nobody' })).toEqual([]);
  });

  it('selects occurredAt in [from, to): from inclusive, to exclusive, each alone or both', async () => {
    expect(await find({ from: '2026-03-01T09:02:00Z', to: '2026-03-01T09:04:00Z' })).toEqual([3, 4]);
    expect(await find({ from: '2026-03-01T09:04:00.000Z' })).toEqual([5, 6, 7]);
    expect(await find({ to: '2026-03-01T09:01:00Z' })).toEqual([1]);
    expect(await find({ from: '2026-03-01T09:03:00Z', to: '2026-03-01T09:03:00Z' })).toEqual([]);
  });

  it('reads a bound in any RFC 3339 form: an offset, or a fraction finer than the recorded millisecond', async () => {
    expect(await find({ from: '2026-03-01T10:02:00+01:00', to: '2026-03-01T04:04:00-05:00' })).toEqual([3, 4]);
    // 09:05:59.9995 lies after event 7 (at 09:05:59.999): "from" leaves it out, "to" keeps it.
    expect(await find({ from: '2026-03-01T09:05:59.9995Z' })).toEqual([]);
    expect(await find({ to: '2026-03-01T09:05:59.9995Z' })).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(await find({ from: '2026-03-01T09:05:59.9990001Z', to: '2026-03-01T09:06:00.0000Z' })).toEqual([]);
    expect(await find({ from: '2026-03-01T09:05:59.999000Z', to: '2026-03-01T09:05:59.9990001Z' })).toEqual([7]);
    expect(instantBound('2026-03-01T09:00:00.1230000Z')).toBe('2026-03-01T09:00:00.123Z');
    expect(() => instantBound('yesterday')).toThrow(RangeError);
  });

  it('pages in log order with a cursor, each event once, under any filter', async () => {
    const filter = { streamTypes: ['incident', 'change'], from: '2026-03-01T09:01:00Z' };
    const first = await findAuditEvents(store, filter, { limit: 2 });
    const second = await findAuditEvents(store, filter, { limit: 2, cursor: first.nextCursor });
    expect([numbersOf(first.items), numbersOf(second.items), second.nextCursor]).toEqual([[2, 3], [5, 6], null]);
  });

  it('exports every matching event a page at a time, up to the checkpoint the read model had when it began', async () => {
    const exported = await exportAuditEvents(store, { actor: 'ann' }, 2);
    const pages: number[][] = [];
    for await (const page of exported.pages) pages.push(numbersOf(page));
    expect(exported.through).toBe('00000000000000000007');
    expect(pages).toEqual([[1, 4], [5]]);
  });

  it('leaves out documents written beyond the checkpoint (MongoDB lands documents before it), and exports nothing before the first batch', async () => {
    const partial = new MemoryReadStore();
    await partial.ensureCollection(AUDIT_TRAIL_COLLECTION);
    expect((await exportAuditEvents(partial, {})).through).toBeNull();
    const trail = await readStoreAfter(auditTrailProjection, auditLog());
    const documents = (await findAuditEvents(trail, {}, { limit: 100 })).items;
    await partial.applyBatch(AUDIT_TRAIL_KEY, documents.slice(0, 4).map((document) => ({ collection: AUDIT_TRAIL_KEY, document })), documents[3]!.position);
    await partial.applyBatch(AUDIT_TRAIL_KEY, documents.slice(4).map((document) => ({ collection: AUDIT_TRAIL_KEY, document })), documents[3]!.position);
    const exported = await exportAuditEvents(partial, {}, 3);
    const seen: number[] = [];
    for await (const page of exported.pages) seen.push(...numbersOf(page));
    expect(seen).toEqual([1, 2, 3, 4]);
  });
});
