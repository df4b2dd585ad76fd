import { workQueuesProjection, type AnyProjection } from '@itsm/projections';
import { incidentHistory } from '../../../../libs/projections/src/testing/incident-history';
import { TestEventLog } from '../../../../libs/projections/src/testing/test-event-log';
import type { InProcessApp } from '../../../../test/support/in-process-app';
import { queryApiOver } from '../testing/landed-read-models';

/** A P1 network new · B P2 network on hold · C P3 desktop new · D P1 desktop in progress (ann) · E P2 network in progress (ann). */
function queues(): TestEventLog {
  const log = new TestEventLog();
  incidentHistory(log, 'A').opened({ priority: 1, assignmentGroup: 'network' });
  incidentHistory(log, 'B').opened({ priority: 2, assignmentGroup: 'network' });
  incidentHistory(log, 'B').putOnHold();
  incidentHistory(log, 'C').opened({ priority: 3, assignmentGroup: 'desktop' });
  incidentHistory(log, 'D').opened({ priority: 1, assignmentGroup: 'desktop' });
  incidentHistory(log, 'D').assigned('desktop', 'ann');
  incidentHistory(log, 'E').opened({ priority: 2, assignmentGroup: 'network' });
  incidentHistory(log, 'E').assigned('network', 'ann');
  return log;
}

describe('GET /queues: narrowed by the fields of the incidents queued, each one value or several', () => {
  let api: InProcessApp;
  beforeAll(async () => (api = await queryApiOver([workQueuesProjection] as unknown as AnyProjection[], queues().events)));
  afterAll(() => api.stop());

  const get = (url: string) => api.request('GET', url, { token: api.token('val', 'agent') });
  const ids = async (url: string): Promise<string[]> => {
    const answer = await get(url);
    expect(answer.status).toBe(200);
    return answer.body.items.map((item: { id: string }) => item.id);
  };

  it('narrows the unassigned queue to several groups by assignmentGroup, and still by the deprecated group', async () => {
    expect(await ids('/queues/unassigned')).toEqual(['A', 'B', 'C']);
    expect(await ids('/queues/unassigned?assignmentGroup=network&assignmentGroup=desktop')).toEqual(['A', 'B', 'C']);
    expect(await ids('/queues/unassigned?assignmentGroup=desktop')).toEqual(['C']);
    expect(await ids('/queues/unassigned?group=network')).toEqual(['A', 'B']);
    expect(await get('/queues/unassigned?group=network&assignmentGroup=network')).toMatchObject({ status: 400, body: { errors: [{ field: 'group' }] } });
  });

  it("narrows a group's queue and a person's by status and priority", async () => {
    expect(await ids('/queues/network?status=new,on_hold')).toEqual(['A', 'B']);
    expect(await ids('/queues/network?priority=2')).toEqual(['B', 'E']);
    expect(await ids('/queues/assignee/ann?priority=1,3')).toEqual(['D']);
    expect(await ids('/queues/unassigned?status=new&priority=3')).toEqual(['C']);
  });

  it('refuses a status no queue holds and a bad priority, naming the field and the value', async () => {
    expect(await get('/queues/network?status=new,resolved')).toMatchObject({ status: 400, body: { errors: [{ field: 'status', reason: expect.stringContaining('"resolved" is not one of new, in_progress, on_hold') }] } });
    expect(await get('/queues/assignee/ann?priority=0')).toMatchObject({ status: 400, body: { errors: [{ field: 'priority', reason: expect.stringContaining('0 is not one of') }] } });
  });

  it('answers JSON, each line as the read model holds it but for the store\'s bookkeeping', async () => {
    for (const url of ['/queues/network', '/queues/unassigned?assignmentGroup=network,desktop', '/queues/assignee/ann']) {
      const answer = await get(url);
      expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(answer.body.items.length).toBeGreaterThan(0);
      for (const item of answer.body.items) expect(Object.keys(item).sort()).toEqual(['active', 'assignee', 'assignmentGroup', 'id', 'number', 'openedAt', 'priority', 'status', 'title', 'updatedAt']);
    }
    expect((await get('/queues/assignee/ann')).body.items[0]).toMatchObject({ id: 'D', priority: 1, status: 'in_progress', assignmentGroup: 'desktop', assignee: 'ann', active: true });
  });

  it('pages a narrowed queue with the cursor, each incident once', async () => {
    const first = (await get('/queues/network?status=new,on_hold,in_progress&limit=2')).body;
    const second = (await get(`/queues/network?status=new,on_hold,in_progress&limit=2&cursor=${first.nextCursor}`)).body;
    expect([...first.items, ...second.items].map((item: { id: string }) => item.id)).toEqual(['A', 'B', 'E']);
    expect(second.nextCursor).toBeNull();
  });
});
