import { MemoryEventStore } from '@itsm/event-store';
import { MemoryReadStore, type StoredDocument } from '@itsm/read-store';
import {
  BLACKOUT_WINDOWS_COLLECTION,
  CHANGE_CALENDAR_COLLECTION,
  CI_RELATIONSHIP_EDGES_COLLECTION,
  CONFIGURATION_ITEMS_COLLECTION,
} from '@itsm/projections';
import type { CollectionDefinition } from '@itsm/read-store';
import { ChangeLookups } from './change-lookups';

const WINDOW = { start: '2026-03-10T20:00:00.000Z', end: '2026-03-10T23:00:00.000Z' };
const ci = (id: string, ciClass: string, isService: boolean, criticality: number) => ({ id, name: id, ciClass, isService, criticality, status: 'operational' });
const edge = (sourceCiId: string, targetCiId: string) => ({ id: `${sourceCiId}|depends_on|${targetCiId}`, sourceCiId, type: 'depends_on', targetCiId, active: true });
const entry = (id: string, ciIds: string[], state: string, outcome: string | null) => ({
  id, title: id, changeType: 'normal', state, requestedWindow: WINDOW, scheduledWindow: null, window: WINDOW,
  windowStart: WINDOW.start, windowEnd: WINDOW.end, ciIds, risk: null, outcome,
});

/** The CMDB and change read models as the projector would leave them, written directly. */
async function seeded(): Promise<MemoryReadStore> {
  const store = new MemoryReadStore();
  const put = async (collection: CollectionDefinition, documents: object[]) => {
    await store.ensureCollection(collection);
    const writes = documents.map((document) => ({ collection: collection.name, document: { ...document, _position: '00000000000000000001' } as StoredDocument }));
    await store.applyBatch(collection.name, writes, '00000000000000000001');
  };
  await put(CONFIGURATION_ITEMS_COLLECTION, [
    ci('db', 'database', false, 3), ci('app', 'application', false, 3), ci('svc-pay', 'service', true, 1), ci('svc-mail', 'service', true, 3),
  ]);
  await put(CI_RELATIONSHIP_EDGES_COLLECTION, [edge('app', 'db'), edge('svc-pay', 'app')]);
  await put(CHANGE_CALENDAR_COLLECTION, [
    entry('old-1', ['db'], 'closed', 'successful'), entry('old-2', ['db'], 'in_review', 'failed'), entry('other', ['app'], 'scheduled', null),
  ]);
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
