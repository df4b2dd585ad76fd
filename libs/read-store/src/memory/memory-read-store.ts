import type { Position } from '@itsm/event-store/port';
import type { CollectionDefinition, DocumentWrite, Filter, FindQuery, JsonPage, Page, ProjectionBatch, ReadStore, StoredDocument } from '../read-store';
import { pageAsJson } from '../query/json-page';
import { encodeCursor, decodeCursor } from '../query/cursor';
import { conditionsOf, matchesConditions } from '../query/filter';
import { assertCollectionName, assertFieldPath, assertLimit } from '../query/names';
import { compareSortValues, sortValuesOf, totalOrder } from '../query/sort-order';

/**
 * The reference adapter: the same answers as SQLite and MongoDB, by brute force. Documents are kept
 * as JSON text so that callers can never mutate what is stored, and so that what survives a round
 * trip is exactly what survives one through a real store.
 */
export class MemoryReadStore implements ReadStore {
  private readonly collections = new Map<string, Map<string, string>>();
  private readonly checkpoints = new Map<string, Position>();
  private readonly leases = new Map<string, { owner: string; expiresAt: number }>();
  private closed = false;

  async ensureCollection(definition: CollectionDefinition): Promise<void> {
    this.assertOpen();
    assertCollectionName(definition.name);
    [...definition.indexes, ...(definition.deferredIndexes ?? [])].forEach((index) => index.fields.forEach(assertFieldPath));
    if (!this.collections.has(definition.name)) this.collections.set(definition.name, new Map());
  }

  async get<T extends StoredDocument>(collection: string, id: string): Promise<T | null> {
    const stored = this.documentsOf(collection).get(id);
    return stored === undefined ? null : (JSON.parse(stored) as T);
  }

  async getMany<T extends StoredDocument>(collection: string, ids: readonly string[]): Promise<Map<string, T>> {
    const documents = this.documentsOf(collection);
    const found = new Map<string, T>();
    for (const id of ids) {
      const stored = documents.get(id);
      if (stored !== undefined) found.set(id, JSON.parse(stored) as T);
    }
    return found;
  }

  async find<T extends StoredDocument>(collection: string, query: FindQuery): Promise<Page<T>> {
    const limit = assertLimit(query.limit);
    const order = totalOrder(query.sort);
    const conditions = conditionsOf(query.filter);
    const after = query.cursor ? decodeCursor(query.cursor, { collection, filter: query.filter, order }) : null;
    const matching = [...this.documentsOf(collection).values()]
      .map((text) => JSON.parse(text) as T)
      .filter((document) => matchesConditions(document, conditions))
      .map((document) => ({ document, key: sortValuesOf(document, order) }))
      .filter(({ key }) => after === null || compareSortValues(key, after, order) > 0)
      .sort((a, b) => compareSortValues(a.key, b.key, order));
    const page = matching.slice(0, limit);
    const last = page[page.length - 1];
    const nextCursor = matching.length > limit && last ? encodeCursor({ collection, filter: query.filter, order }, last.key) : null;
    return { items: page.map(({ document }) => document), nextCursor };
  }

  async findAsJson(collection: string, query: FindQuery): Promise<JsonPage> {
    return pageAsJson(await this.find(collection, query));
  }

  async count(collection: string, filter?: Filter): Promise<number> {
    const conditions = conditionsOf(filter);
    let total = 0;
    for (const text of this.documentsOf(collection).values()) {
      if (matchesConditions(JSON.parse(text), conditions)) total++;
    }
    return total;
  }

  async applyBatch(projection: string, writes: readonly DocumentWrite[], checkpoint: Position): Promise<void> {
    return this.applyBatches([{ projection, writes, checkpoint }]);
  }

  async applyBatches(batches: readonly ProjectionBatch[]): Promise<void> {
    this.assertOpen();
    // Validate everything first so that a bad write lands nothing, as a transaction would.
    const targets = batches.flatMap(({ writes }) =>
      writes.map(({ collection, document }) => ({ documents: this.existingCollection(collection), document, text: JSON.stringify(document) })),
    );
    for (const { documents, document, text } of targets) {
      const stored = documents.get(document.id);
      const storedPosition = stored === undefined ? null : (JSON.parse(stored) as StoredDocument)._position;
      // A write never replaces a document already at or past its position: re-delivery is harmless.
      if (storedPosition === null || document._position > storedPosition) documents.set(document.id, text);
    }
    for (const { projection, checkpoint } of batches) {
      const current = this.checkpoints.get(projection);
      if (current === undefined || checkpoint > current) this.checkpoints.set(projection, checkpoint);
    }
  }

  async resetCheckpoint(projection: string, position: Position | null): Promise<void> {
    this.assertOpen();
    if (position === null) this.checkpoints.delete(projection);
    else this.checkpoints.set(projection, position);
  }

  async acquireLease(name: string, owner: string, ttlMs: number, now: Date): Promise<boolean> {
    const lease = this.leases.get(name);
    if (lease && lease.owner !== owner && lease.expiresAt > now.getTime()) return false;
    this.leases.set(name, { owner, expiresAt: now.getTime() + ttlMs });
    return true;
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    if (this.leases.get(name)?.owner === owner) this.leases.delete(name);
  }

  async checkpoint(projection: string): Promise<Position | null> {
    this.assertOpen();
    return this.checkpoints.get(projection) ?? null;
  }

  async ping(): Promise<void> {
    this.assertOpen();
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /** A collection nobody has created yet reads as empty (the query side may start before the projector). */
  private documentsOf(collection: string): ReadonlyMap<string, string> {
    this.assertOpen();
    return this.collections.get(assertCollectionName(collection)) ?? new Map();
  }

  private existingCollection(collection: string): Map<string, string> {
    const documents = this.collections.get(assertCollectionName(collection));
    if (!documents) throw new Error(`Collection ${collection} does not exist; call ensureCollection first`);
    return documents;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('The read store is closed');
  }
}
