import { changeStream } from '@itsm/domain';
import { incidentHistory } from '../testing/incident-history';
import { expectRedeliveryHarmless, readStoreAfter } from '../testing/replay';
import { TestEventLog } from '../testing/test-event-log';
import { ciWorkProjection } from './ci-work-projection';
import { findCiWork } from './ci-work-queries';

function changeRaised(log: TestEventLog, changeId: string, affectedCiIds: string[]) {
  return log.record(changeStream(changeId), { type: 'ChangeRaised', data: { changeId, title: `Change ${changeId}`, affectedCiIds } });
}

describe('CI work (open incidents and changes per CI)', () => {
  function work() {
    const log = new TestEventLog();
    incidentHistory(log, 'INC1').opened({ configurationItemId: 'APP' });
    incidentHistory(log, 'INC2').opened({ configurationItemId: 'APP' });
    incidentHistory(log, 'INC3').opened({ configurationItemId: null });
    incidentHistory(log, 'INC2').resolved();
    changeRaised(log, 'CHG1', ['APP', 'DB']);
    changeRaised(log, 'CHG2', ['DB']);
    log.record(changeStream('CHG2'), { type: 'ChangeUpdated', data: { changeId: 'CHG2', changes: { affectedCiIds: ['APP'] } } });
    log.record(changeStream('CHG1'), { type: 'ChangeClosed', data: { changeId: 'CHG1' } });
    return log;
  }

  it('lists what is open against a CI; a resolved incident and a closed change leave it', async () => {
    const store = await readStoreAfter(ciWorkProjection, work().events);
    const app = await findCiWork(store, 'APP');
    expect(app.openIncidents.map((i) => i.id)).toEqual(['INC1']);
    expect(app.openChanges.map((c) => c.id)).toEqual(['CHG2']);
    expect(await findCiWork(store, 'DB')).toEqual({ openIncidents: [], openChanges: [] });
  });

  it('a reopened incident is open again', async () => {
    const log = work();
    incidentHistory(log, 'INC2').reopened(1);
    const store = await readStoreAfter(ciWorkProjection, log.events);
    expect((await findCiWork(store, 'APP')).openIncidents.map((i) => i.id)).toEqual(['INC1', 'INC2']);
  });

  it('the same event delivered twice changes nothing', () => {
    expectRedeliveryHarmless(ciWorkProjection, work().events);
  });
});
