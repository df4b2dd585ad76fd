import type { PoisonEvent, ResumeMode } from '@itsm/domain';
import type { Position, RecordedEvent } from '@itsm/event-store/port';
import type { ReadStore, StoredDocument } from '@itsm/read-store/port';
import type { Projection } from '../projection';
import type { AnyEvent } from '../shared/projection-key';
import { type PoisonEventError, projectEvents, touchedDocumentIds } from './project-events';

/** Nest's Logger fits this shape. */
export interface RunnerLogger {
  log(message: string): void;
  error(message: string, trace?: string): void;
}

export const silentLogger: RunnerLogger = { log: () => undefined, error: () => undefined };

/**
 * What a runner does at an event its projection cannot apply (a poison event): without this, it
 * retries with backoff as after any failure; with it, it lands what came before, records the pause
 * and waits for an order to go on (projection-control.ts in the domain, where both are facts).
 */
export interface PoisonHandling {
  /** Records that the projection stopped at this event. */
  paused(poison: PoisonEvent): Promise<void>;
  /** The order standing for this event (given since it last paused there), or null while none is. */
  order(poison: PoisonEvent): Promise<ResumeMode | null>;
  /** How often a paused runner looks for its order. */
  readonly pollMs: number;
}

/**
 * Loads the documents the events touch, projects the events and lands documents and checkpoint in
 * one applyBatch: the one step both ways of running a projection take (ProjectionRunner, LogPass,
 * which lands several projections' steps at once), so that they leave the same documents.
 */
export async function landBatch<E extends AnyEvent, D extends StoredDocument>(
  readStore: ReadStore,
  projection: Projection<E, D>,
  key: string,
  events: readonly RecordedEvent[],
  through: Position,
): Promise<void> {
  const collection = projection.collection.name;
  const documents = await projectBatch(readStore, projection, events);
  await readStore.applyBatch(key, documents.map((document) => ({ collection, document })), through);
}

/**
 * The documents the events leave, from the documents they touch: as `held` has them (projected by
 * an earlier step and not written yet), the others as stored.
 */
export async function projectBatch<E extends AnyEvent, D extends StoredDocument>(
  readStore: ReadStore,
  projection: Projection<E, D>,
  events: readonly RecordedEvent[],
  held: ReadonlyMap<string, D> = new Map(),
): Promise<D[]> {
  const touched = touchedDocumentIds(projection, events);
  const toLoad = held.size === 0 ? touched : touched.filter((id) => !held.has(id));
  const documents = toLoad.length === 0 ? new Map<string, D>() : await readStore.getMany<D>(projection.collection.name, toLoad);
  if (held.size > 0) for (const id of touched) if (held.has(id)) documents.set(id, held.get(id) as D);
  return projectEvents(projection, events, documents);
}

export interface PoisonOutcome {
  readonly poison: PoisonEvent;
  /** Carried out at once, as an order that stood for it said; else the pause is recorded. */
  readonly skipped: boolean;
  /** The checkpoint now stored: past the poison event when skipped, else the last event before it (null: unchanged). */
  readonly checkpoint: Position | null;
}

/**
 * Lands the events before the poison one, so the read model stops exactly there. A standing order
 * to skip it (given while this projector was away) is carried out at once (the checkpoint moves
 * past it); otherwise the pause is recorded. Either way the caller reads on from the checkpoint.
 */
export async function stopAtPoison<E extends AnyEvent, D extends StoredDocument>(
  readStore: ReadStore,
  projection: Projection<E, D>,
  key: string,
  events: readonly RecordedEvent[],
  error: PoisonEventError,
  handling: PoisonHandling,
  logger: RunnerLogger,
): Promise<PoisonOutcome> {
  const before = events.slice(0, events.indexOf(error.event));
  const last = before[before.length - 1];
  if (last !== undefined) await landBatch(readStore, projection, key, before, last.position);
  const { position, stream, type, metadata } = error.event;
  const poison: PoisonEvent = { position, stream, type, eventId: metadata.eventId, reason: error.reason };
  if ((await handling.order(poison)) === 'skip') {
    await skipPoison(readStore, key, poison);
    logger.log(`Projection ${key} skipped ${type} at ${position}, as ordered`);
    return { skipped: true, poison, checkpoint: position };
  }
  await handling.paused(poison);
  logger.error(`Projection ${key} paused at ${type} ${position} (${stream}): ${error.reason}. An admin's order (POST /projections/${key}/resume) retries or skips it`);
  return { skipped: false, poison, checkpoint: last?.position ?? null };
}

/** The checkpoint moves past the event; no document changes for it. */
export async function skipPoison(readStore: ReadStore, key: string, poison: PoisonEvent): Promise<void> {
  await readStore.applyBatch(key, [], poison.position);
}

/** Backoff after the n-th failure in a row: doubles from `initialMs` up to `maxMs`. */
export function backoffMs(failures: number, initialMs: number, maxMs: number): number {
  return Math.min(initialMs * 2 ** (failures - 1), maxMs);
}
