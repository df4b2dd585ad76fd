import type { RecordedEvent } from '@itsm/event-store/port';
import type { StoredDocument } from '@itsm/read-store/port';
import type { DomainRecordedEvent, Projection } from '../projection';

/** A projection broke its own contract (returned another id, or dropped an existing document). */
export class ProjectionContractError extends Error {
  readonly code = 'projection.contract_broken';
  constructor(message: string) {
    super(message);
    this.name = 'ProjectionContractError';
  }
}

/**
 * The projection's own code threw on this event (or broke its contract on it): the same event will
 * fail the same way however often it is retried, so the runner stops at it (a poison event) instead.
 */
export class PoisonEventError extends Error {
  readonly code = 'projection.poison_event';
  constructor(
    readonly event: RecordedEvent,
    readonly reason: string,
  ) {
    super(`Cannot apply ${event.type} at ${event.position} (${event.stream}): ${reason}`);
    this.name = 'PoisonEventError';
  }
}

/** Runs the projection's code on one event, naming the event when it throws. */
function onEvent<T>(event: RecordedEvent, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw new PoisonEventError(event, error instanceof Error ? error.message : String(error));
  }
}

/** Each projection's handled types as a set, made once: every event of a rebuild asks, for every projection. */
const handledTypes = new WeakMap<object, ReadonlySet<string> | null>();

function handledAs<E extends { type: string; data: unknown }>(
  projection: Projection<E, StoredDocument>,
  event: RecordedEvent,
): DomainRecordedEvent<E> | null {
  let types = handledTypes.get(projection);
  if (types === undefined) {
    types = projection.handlesEveryType === true ? null : new Set<string>(projection.handles);
    handledTypes.set(projection, types);
  }
  return types === null || types.has(event.type) ? (event as unknown as DomainRecordedEvent<E>) : null;
}

/** Every document the batch may change: what to load before projecting it. */
export function touchedDocumentIds<E extends { type: string; data: unknown }>(
  projection: Projection<E, StoredDocument>,
  events: readonly RecordedEvent[],
): string[] {
  const ids = new Set<string>();
  for (const event of events) {
    const handled = handledAs(projection, event);
    if (handled) onEvent(event, () => projection.documentIds(handled)).forEach((id) => ids.add(id));
  }
  return [...ids];
}

/**
 * Applies a batch of recorded events (in log order) to the documents as stored, and returns the
 * documents to write. Pure. A document already at or past an event's position has seen it, so the
 * event is skipped for that document: this is what makes re-delivery of any event harmless.
 */
export function projectEvents<E extends { type: string; data: unknown }, D extends StoredDocument>(
  projection: Projection<E, D>,
  events: readonly RecordedEvent[],
  stored: ReadonlyMap<string, D>,
): D[] {
  const changed = new Map<string, D>();
  for (const event of events) {
    const handled = handledAs(projection, event);
    if (!handled) continue;
    const ids = onEvent(event, () => projection.documentIds(handled));
    for (const id of ids.length === 1 ? ids : new Set(ids)) {
      const current = changed.get(id) ?? stored.get(id) ?? null;
      if (current !== null && current._position >= event.position) continue;
      const next = onEvent(event, () => evolveOne(projection, current, handled, id));
      if (next !== null) changed.set(id, next);
    }
  }
  return [...changed.values()];
}

function evolveOne<E extends { type: string; data: unknown }, D extends StoredDocument>(
  projection: Projection<E, D>,
  current: D | null,
  event: DomainRecordedEvent<E>,
  id: string,
): D | null {
  const next = projection.evolve(current, event, id);
  if (next === null) {
    // Deleting would let an older event, re-delivered, create the document again: keep a tombstone instead.
    if (current !== null) throw new ProjectionContractError(`${projection.name} dropped document ${id} on ${event.type}`);
    return null;
  }
  if (next.id !== id) throw new ProjectionContractError(`${projection.name} returned document ${next.id} for ${id} on ${event.type}`);
  return { ...next, _position: event.position } as D;
}
