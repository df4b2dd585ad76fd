import type { ConfigurationItemEvent } from '@itsm/domain';
import type { RecordedEvent } from '@itsm/event-store';
import { MemoryReadStore, type FindQuery, type Page, type StoredDocument } from '@itsm/read-store';
import { configurationItemsProjection } from '../../configuration-items/configuration-items-projection';
import type { Projection } from '../../projection';
import { projectionKey } from '../../shared/projection-key';
import { replay } from '../../testing/replay';
import { cmdbRelationshipsProjection } from '../cmdb-relationships-projection';

/** A memory store that remembers every query, so a spec can say what a walk read (and did not). */
export class RecordingReadStore extends MemoryReadStore {
  readonly finds: { collection: string; query: FindQuery }[] = [];
  readonly gets: { collection: string; ids: readonly string[] }[] = [];

  override find<T extends StoredDocument>(collection: string, query: FindQuery): Promise<Page<T>> {
    this.finds.push({ collection, query });
    return super.find<T>(collection, query);
  }

  override getMany<T extends StoredDocument>(collection: string, ids: readonly string[]): Promise<Map<string, T>> {
    this.gets.push({ collection, ids });
    return super.getMany<T>(collection, ids);
  }

  forget(): void {
    this.finds.length = 0;
    this.gets.length = 0;
  }
}

/** The configuration items and the relationship edges after `events`, as the projector leaves them. */
export async function cmdbStoreAfter(events: readonly RecordedEvent[]): Promise<RecordingReadStore> {
  const store = new RecordingReadStore();
  const checkpoint = events.at(-1)?.position ?? '0'.padStart(20, '0');
  const land = async <D extends StoredDocument>(projection: Projection<ConfigurationItemEvent, D>) => {
    await store.ensureCollection(projection.collection);
    const documents = [...replay(projection, [events]).values()].map((document) => ({ collection: projection.collection.name, document }));
    await store.applyBatch(projectionKey(projection), documents, checkpoint);
  };
  await land(configurationItemsProjection);
  await land(cmdbRelationshipsProjection);
  store.forget();
  return store;
}
