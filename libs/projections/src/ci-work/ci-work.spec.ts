import { changeStream } from '@itsm/domain';
import { incidentHistory } from '../testing/incident-history';
import { readStoreAfter, replay } from '../testing/replay';
import { TestEventLog } from '../testing/test-event-log';
import { ciWorkProjection } from './ci-work-projection';
import { findCiWork } from './ci-work-queries';

function changeRaised(log: TestEventLog, changeId: string, affectedCiIds: string[], number?: string) {
  return log.record(changeStream(changeId), { type: 'ChangeRaised', data: { changeId, title: `Change ${changeId}`, affectedCiIds, ...(number && { number }) } });
}

describe('CI work (open incidents and changes per CI)', () => {
  function work() {
    const log = new TestEventLog();
    incidentHistory(log, 'INC1').opened({ configurationItemId: 'APP', number: 'INC0010001' });
    incidentHistory(log, 'INC2').opened({ configurationItemId: 'APP' });
    incidentHistory(log, 'INC3').opened({ configurationItemId: null });
    incidentHistory(log, 'INC2').resolved();
    changeRaised(log, 'CHG1', ['APP', 'DB']);
    changeRaised(log, 'CHG2', ['DB'], 'CHG0010002');
    log.record(changeStream('CHG2'), { type: 'ChangeUpdated', data: { changeId: 'CHG2', changes: { affectedCiIds: ['APP'] } } });
    log.record(changeStream('CHG1'), { type: 'ChangeClosed', data: { changeId: 'CHG1' } });
    return log;
  }

  it('lists what is open against a CI, with its number; a resolved incident and a closed change leave it', async () => {
    const store = await readStoreAfter(ciWorkProjection, work().events);
    const app = await findCiWork(store, 'APP');
    expect(app.openIncidents.map((i) => [i.id, i.number])).toEqual([['INC1', 'INC0010001']]);
    expect(app.openChanges.map((c) => [c.id, c.number])).toEqual([['CHG2', 'CHG0010002']]);
    expect(await findCiWork(store, 'DB')).toEqual({ openIncidents: [], openChanges: [] });
  });

  it('a reopened incident is open again', async () => {
    const log = work();
    incidentHistory(log, 'INC2').reopened(1);
    const store = await readStoreAfter(ciWorkProjection, log.events);
    expect((await findCiWork(store, 'APP')).openIncidents.map((i) => i.id)).toEqual(['INC1', 'INC2']);
  });

  it('an incident whose CI is corrected moves to that CI, retitled; one whose CI is removed leaves it', async () => {
    const log = work();
    incidentHistory(log, 'INC1').edited({ configurationItemId: { from: 'APP', to: 'DB' }, title: { from: 'Incident INC1', to: 'Database slow' } });
    incidentHistory(log, 'INC3').edited({ configurationItemId: { from: null, to: 'APP' } });
    let store = await readStoreAfter(ciWorkProjection, log.events);
    expect((await findCiWork(store, 'DB')).openIncidents).toEqual([expect.objectContaining({ id: 'INC1', title: 'Database slow' })]);
    expect((await findCiWork(store, 'APP')).openIncidents.map((i) => i.id)).toEqual(['INC3']);
    incidentHistory(log, 'INC3').edited({ configurationItemId: { from: 'APP', to: null } });
    store = await readStoreAfter(ciWorkProjection, log.events);
    expect((await findCiWork(store, 'APP')).openIncidents).toEqual([]);
  });

  it('keeps exactly these work items: a change retitled, re-scoped and cancelled, an incident cancelled', () => {
    const log = work();
    log.record(changeStream('CHG2'), { type: 'ChangeUpdated', data: { changeId: 'CHG2', changes: { title: 'Patch the app' } } });
    const cancelled = log.record(changeStream('CHG2'), { type: 'ChangeCancelled', data: { changeId: 'CHG2', reason: 'not needed' } });
    const incident = incidentHistory(log, 'INC1').cancelled();
    const items = replay(ciWorkProjection, [log.events]);
    expect(items.get('change|CHG2')).toEqual({
      id: 'change|CHG2', _position: cancelled.position, kind: 'change', workId: 'CHG2', number: 'CHG0010002', title: 'Patch the app', ciId: null, ciIds: ['APP'], open: false, openedAt: '2024-03-01T09:05:00.000Z',
    });
    expect(items.get('incident|INC1')).toEqual({
      id: 'incident|INC1', _position: incident.position, kind: 'incident', workId: 'INC1', number: 'INC0010001', title: 'Incident INC1', ciId: 'APP', ciIds: ['APP'], open: false, openedAt: '2024-03-01T09:00:00.000Z',
    });
    expect(items.get('incident|INC3')).toMatchObject({ ciId: null, ciIds: [], open: true });
  });
});
