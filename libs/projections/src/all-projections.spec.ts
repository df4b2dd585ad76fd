import { ALL_PROJECTIONS } from './all-projections';
import { projectionKey } from './shared/projection-key';
import { estateHistory } from './testing/estate-history';
import { expectRedeliveryHarmless, replay } from './testing/replay';

/**
 * The runner's guarantee, once for every read model the projector runs: delivering any event again
 * changes nothing. It rests on the runner's position guard, not on the projection, so it is checked here
 * over one realistic history; whether a projection's documents are right is its own spec's business.
 */
describe.each(ALL_PROJECTIONS.map((projection) => [projectionKey(projection), projection] as const))('%s', (_key, projection) => {
  const { events } = estateHistory();

  it('is fed every event type it handles by the history', () => {
    const recorded = new Set(events.map((event) => event.type));
    expect(projection.handles.filter((type) => !recorded.has(type))).toEqual([]);
    expect(replay(projection, [events]).size).toBeGreaterThan(0);
  });

  it('changes nothing when an event is delivered again: at once, later, or from an earlier checkpoint', () => {
    expectRedeliveryHarmless(projection, events);
  });

  it('leaves the same documents whatever the batches the log arrives in', () => {
    const whole = replay(projection, [events]);
    for (const size of [1, 2, 3, 7]) {
      const batches = Array.from({ length: Math.ceil(events.length / size) }, (_, index) => events.slice(index * size, (index + 1) * size));
      expect(replay(projection, batches)).toEqual(whole);
    }
  });
});
