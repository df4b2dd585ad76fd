import { ciHistory } from './testing/ci-test-history';
import { replay } from '../testing/replay';
import { TestEventLog } from '../testing/test-event-log';
import { configurationItemsProjection } from './configuration-items-projection';

/**
 * Issue 7: a document that grows with a CI's life (a core switch with thousands of dependants, a
 * server updated every night) slows every page that shows it and every projection that rewrites it.
 */
describe('configuration item document size', () => {
  /** A core switch that `dependants` CIs depend on, each relationship added and half of them removed again, and as many updates. */
  function coreSwitch(dependants: number): number {
    const log = new TestEventLog();
    ciHistory(log, 'SWITCH').registered({ ciClass: 'network_device', attributes: { firmware: 'v1' } });
    for (let i = 0; i < dependants; i++) {
      const dependant = `srv-${i.toString().padStart(4, '0')}`;
      ciHistory(log, dependant).registered();
      ciHistory(log, dependant).related('depends_on', 'SWITCH');
      ciHistory(log, 'SWITCH').related('connects_to', dependant);
      if (i % 2 === 0) ciHistory(log, dependant).unrelated('depends_on', 'SWITCH');
      ciHistory(log, 'SWITCH').attributesUpdated({ firmware: i % 2 === 0 ? 'v2' : 'v1' });
    }
    const document = replay(configurationItemsProjection, [log.events]).get('SWITCH');
    // Position, revision and time grow in digits, not in entries: the same length for the comparison.
    return JSON.stringify({ ...document, _position: null, revision: null, updatedAt: null }).length;
  }

  it('stays the same size whatever the number of its relationships and updates', () => {
    expect(coreSwitch(1000)).toBe(coreSwitch(10));
  });
});
