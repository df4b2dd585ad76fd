import { hasReached, type EventStore, type Position } from '@itsm/event-store';
import type { ReadStore, StoredDocument } from '@itsm/read-store';
import { ALL_PROJECTIONS } from '../../all-projections';
import { projectionKey, type AnyProjection } from '../../shared/projection-key';
import { eventually } from '../../testing/runner-harness';
import { ProjectionRunner } from '../projection-runner';

export interface ReadModel {
  readonly checkpoint: Position | null;
  readonly documents: readonly StoredDocument[];
}

/** Every projection's checkpoint and documents (by id), to compare two read stores whole. */
export async function readModels(store: ReadStore, projections: readonly AnyProjection[] = ALL_PROJECTIONS): Promise<Record<string, ReadModel>> {
  const models: Record<string, ReadModel> = {};
  for (const projection of projections) {
    const key = projectionKey(projection);
    const { items } = await store.find(key, { limit: 100_000 });
    models[key] = { checkpoint: await store.checkpoint(key), documents: [...items].sort((a, b) => a.id.localeCompare(b.id)) };
  }
  return models;
}

/** Waits until every projection's checkpoint in `store` has reached the head of the log. */
export async function allReached(events: EventStore, store: ReadStore, projections: readonly AnyProjection[] = ALL_PROJECTIONS): Promise<void> {
  const head = (await events.headPosition()) as Position;
  await eventually('every projection at the head', async () => {
    for (const projection of projections) if (!hasReached(await store.checkpoint(projectionKey(projection)), head)) return false;
    return true;
  }, 20_000);
}

/** The per-projection path (a ProjectionRunner each, reading the log each), run to the head: what the one pass must equal. */
export async function perProjectionReadModels(events: EventStore, store: ReadStore, projections: readonly AnyProjection[] = ALL_PROJECTIONS): Promise<Record<string, ReadModel>> {
  const runners = projections.map((projection) => new ProjectionRunner(events, store, projection, { maxBatchSize: 5 }));
  runners.forEach((runner) => runner.start());
  await allReached(events, store, projections);
  await Promise.all(runners.map((runner) => runner.stop()));
  return readModels(store, projections);
}
