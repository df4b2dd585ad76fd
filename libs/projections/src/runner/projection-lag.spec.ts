import { MemoryEventStore, type ReadAllOptions } from '@itsm/event-store';
import { MemoryReadStore } from '@itsm/read-store';
import { incidentHistory } from '../testing/incident-history';
import { appendAll } from '../testing/runner-harness';
import { TestEventLog } from '../testing/test-event-log';
import { PENDING_EVENTS_COUNTED, projectionLag } from './projection-lag';

describe('How far a projection trails the log', () => {
  it('counts the events after its checkpoint, up to a bound, and how long the oldest has waited; a probe reads one', async () => {
    const log = new TestEventLog();
    const incident = incidentHistory(log, 'INC1');
    incident.opened();
    for (let i = 0; i < 4; i++) incident.workNoteAdded(`note ${i}`);
    const events = new MemoryEventStore();
    await appendAll(events, log.events);
    const reads = new MemoryReadStore();
    const [first] = await events.readAll({ max: 1 });
    const oldest = Date.parse(first!.recordedAt);
    const asked: (number | undefined)[] = [];
    const readAll = events.readAll.bind(events);
    events.readAll = (options?: ReadAllOptions) => {
      asked.push(options?.max);
      return readAll(options);
    };
    const lag = await projectionLag(events, reads, 'incident_detail_v8', new Date(oldest + 1500));
    expect(lag).toMatchObject({ checkpoint: null, pendingEvents: 5, lagMs: 1500 });
    const probed = await projectionLag(events, reads, 'incident_detail_v8', new Date(oldest + 1500), { countPending: false });
    expect(probed).toMatchObject({ lagMs: 1500 });
    expect(asked).toEqual([PENDING_EVENTS_COUNTED, 1]);
  });
});
