import type { Decider } from '@itsm/domain';
import type { EventStore } from '@itsm/event-store/port';

/** A short configuration stream (priority matrices, SLA configuration) folded from the log as it is now: for the query API, what-if and the evidence packs. */
export async function foldStream<E, S>(events: EventStore, stream: string, decider: Pick<Decider<unknown, E, S>, 'evolve' | 'initialState'>): Promise<S> {
  const recorded = await events.readStream(stream);
  return recorded.reduce((state, event) => decider.evolve(state, { type: event.type, data: event.data } as unknown as E), decider.initialState);
}
