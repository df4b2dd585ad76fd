import type { RecordedEvent } from '@itsm/event-store';
import { openReadStore } from '@itsm/platform';
import { projectionKey, type AnyProjection } from '@itsm/projections';
import type { StoredDocument } from '@itsm/read-store';
import { replay } from '../../../../libs/projections/src/testing/replay';
import { InProcessApp } from '../../../../test/support/in-process-app';
import { QueryApiModule } from '../query-api.module';

/**
 * The query API in process, its read models landed straight from recorded facts as the projector
 * would leave them (no command API, no projector): for specs of what the lists answer.
 */
export async function queryApiOver(projections: readonly AnyProjection[], events: readonly RecordedEvent[]): Promise<InProcessApp> {
  const api = await InProcessApp.start((config) => QueryApiModule.register(config));
  const reads = await openReadStore(api.config, 'read-write');
  try {
    for (const projection of projections) {
      const documents = [...replay(projection as never, [events]).values()] as StoredDocument[];
      await reads.ensureCollection(projection.collection);
      await reads.applyBatch(projectionKey(projection), documents.map((document) => ({ collection: projection.collection.name, document })), events.at(-1)!.position);
    }
  } finally {
    await reads.close();
  }
  return api;
}
