import { MemoryEventStore } from '@itsm/event-store';
import { MemoryReadStore, type StoredDocument } from '@itsm/read-store';
import {
  BLACKOUT_WINDOWS_COLLECTION,
  CHANGE_CALENDAR_COLLECTION,
  CI_RELATIONSHIP_EDGES_COLLECTION,
  CONFIGURATION_ITEMS_COLLECTION,
} from '@itsm/projections';
import type { CollectionDefinition } from '@itsm/read-store';
import { anEvent } from '../../../../libs/event-store/src/testing/test-events';
import { ChangeLookups } from './change-lookups';

const WINDOW = { start: '2026-03-10T20:00:00.000Z', end: '2026-03-10T23:00:00.000Z' };
const ci = (id: string, ciClass: string, isService: boolean, criticality: number) => ({ id, name: id, ciClass, isService, criticality, status: 'operational' });
const edge = (sourceCiId: string, targetCiId: string) => ({ id: `${sourceCiId}|depends_on|${targetCiId}`, sourceCiId, type: 'depends_on', targetCiId, active: true });
const entry = (id: string, ciIds: string[], state: string, outcome: string | null) => ({
  id, title: id, changeType: 'normal', state, requestedWindow: WINDOW, scheduledWindow: null, window: WINDOW,
  windowStart: WINDOW.start, windowEnd: WINDOW.end, ciIds, risk: null, outcome,
});

const SCHEDULED_OTHER = entry('other', ['app'], 'scheduled', null);
const AT_ONE = '00000000000000000001';

/** The CMDB and change read models as the projector would leave them at position 1, written directly. */
async function seeded(calendar = [entry('old-1', ['db'], 'closed', 'successful'), entry('old-2', ['db'], 'in_review', 'failed'), SCHEDULED_OTHER]): Promise<MemoryReadStore> {
  const store = new MemoryReadStore();
  const put = async (collection: CollectionDefinition, documents: object[]) => {
    await store.ensureCollection(collection);
    const writes = documents.map((document) => ({ collection: collection.name, document: { ...document, _position: AT_ONE } as StoredDocument }));
    await store.applyBatch(collection.name, writes, AT_ONE);
  };
  await put(CONFIGURATION_ITEMS_COLLECTION, [
    ci('db', 'database', false, 3), ci('app', 'application', false, 3), ci('svc-pay', 'service', true, 1), ci('svc-mail', 'service', true, 3),
  ]);
  await put(CI_RELATIONSHIP_EDGES_COLLECTION, [edge('app', 'db'), edge('svc-pay', 'app')]);
  await put(CHANGE_CALENDAR_COLLECTION, calendar);
  await put(BLACKOUT_WINDOWS_COLLECTION, []);
  return store;
}

/** No events: the read models have nothing to wait for. */
const emptyLog = new MemoryEventStore();

describe('change lookups (risk inputs and conflicts from the read models)', () => {
  it('finds the services among the CIs and those a failure would reach, with their criticality', async () => {
    const request = await new ChangeLookups(await seeded(), emptyLog, { consistencyTimeoutMs: 100 }).assessmentRequest(['db', 'svc-mail']);
    expect(request.affectedServices).toEqual([
      { serviceId: 'svc-mail', criticality: 'medium' },
      { serviceId: 'svc-pay', criticality: 'critical' },
    ]);
    expect(request.pastChanges).toEqual({ total: 2, failed: 1 });
    expect(request.riskPolicy.version).toBeDefined();
  });

  it('finds a scheduled change on a dependent CI in an overlapping window', async () => {
    const conflicts = await new ChangeLookups(await seeded(), emptyLog, { consistencyTimeoutMs: 100 }).conflicts({ changeId: 'mine', affectedCiIds: ['db'], window: WINDOW });
    expect(conflicts).toEqual([{ kind: 'dependency', changeId: 'other', ciId: 'db', otherCiId: 'app', relation: 'dependency_of', window: WINDOW }]);
  });
});

const CONSULTED = [CHANGE_CALENDAR_COLLECTION, BLACKOUT_WINDOWS_COLLECTION, CONFIGURATION_ITEMS_COLLECTION, CI_RELATIONSHIP_EDGES_COLLECTION];

/** A log whose head (position 2) is one event past what the read models have projected (position 1). */
async function logOneEventAhead(): Promise<{ log: MemoryEventStore; head: string }> {
  const log = new MemoryEventStore();
  await log.append('change-projected', [anEvent('ChangeRaised')], 'no_stream');
  const { position } = await log.append('change-other', [anEvent('ChangeScheduled')], 'no_stream');
  return { log, head: position };
}

/** The projector lands the last event `afterMs` from now: `calendar` entries written, every read model consulted at `head`. */
function projectorCatchesUp(store: MemoryReadStore, head: string, afterMs: number, calendar: object[]): Promise<void> {
  return new Promise((resolve, reject) => {
    setTimeout(() => {
      const documents = calendar.map((document) => ({ collection: CHANGE_CALENDAR_COLLECTION.name, document: { ...document, _position: head } as StoredDocument }));
      Promise.all(CONSULTED.map(({ name }) => store.applyBatch(name, name === CHANGE_CALENDAR_COLLECTION.name ? documents : [], head))).then(() => resolve(), reject);
    }, afterMs);
  });
}

describe('change lookups wait (bounded) for the read models to pass the head of the log', () => {
  it('sees a change scheduled a moment ago, whose read models lag, as a conflict', async () => {
    const { log, head } = await logOneEventAhead();
    const store = await seeded([]);
    const landed = projectorCatchesUp(store, head, 50, [SCHEDULED_OTHER]);
    const conflicts = await new ChangeLookups(store, log, { consistencyTimeoutMs: 5_000 }).conflicts({ changeId: 'mine', affectedCiIds: ['db'], window: WINDOW });
    await landed;
    expect(conflicts).toEqual([{ kind: 'dependency', changeId: 'other', ciId: 'db', otherCiId: 'app', relation: 'dependency_of', window: WINDOW }]);
  });

  it('counts a change completed a moment ago in the track record of its CIs', async () => {
    const { log, head } = await logOneEventAhead();
    const store = await seeded([entry('old-1', ['db'], 'closed', 'successful')]);
    const landed = projectorCatchesUp(store, head, 50, [entry('old-2', ['db'], 'in_review', 'failed')]);
    const request = await new ChangeLookups(store, log, { consistencyTimeoutMs: 5_000 }).assessmentRequest(['db']);
    await landed;
    expect(request.pastChanges).toEqual({ total: 2, failed: 1 });
  });

  it('gives up after the consistency timeout and decides on what is known', async () => {
    const { log } = await logOneEventAhead();
    // The read models stay at position 1: they hold the other change but never pass the head.
    const lookups = new ChangeLookups(await seeded(), log, { consistencyTimeoutMs: 200 });
    const started = Date.now();
    const conflicts = await lookups.conflicts({ changeId: 'mine', affectedCiIds: ['db'], window: WINDOW });
    const waited = Date.now() - started;
    expect(conflicts).toEqual([{ kind: 'dependency', changeId: 'other', ciId: 'db', otherCiId: 'app', relation: 'dependency_of', window: WINDOW }]);
    expect(waited).toBeGreaterThanOrEqual(190);
    expect(waited).toBeLessThan(2_000);
  });
});
