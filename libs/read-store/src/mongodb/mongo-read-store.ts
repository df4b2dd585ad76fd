import { MongoClient, MongoServerError, type AnyBulkWriteOperation, type Collection, type Db, type Document } from 'mongodb';
import type { Position } from '@itsm/event-store/port';
import type { CollectionDefinition, DocumentWrite, Filter, FindQuery, JsonPage, Page, ProjectionBatch, ReadStore, StoredDocument } from '../read-store';
import { pageAsJson } from '../query/json-page';
import { encodeCursor } from '../query/cursor';
import { conditionsOf } from '../query/filter';
import { InvalidNameError, assertCollectionName, assertFieldPath } from '../query/names';
import { sortValuesOf } from '../query/sort-order';
import { CHECKPOINTS, guardedCheckpoint, guardedLease, guardedUpsert, LEASES, type MongoDocument } from './guarded-writes';
import { findCommand, mongoField, queryOf } from './mongo-query';
import { reachable } from './reachable';

export interface MongoReadStoreOptions {
  readonly url: string;
  readonly database: string;
  /** Acknowledgement asked of every write; default 'majority', so a failover cannot roll a batch back. */
  readonly writeConcern?: 'majority' | number;
  /**
   * How long an operation waits for a usable server before it rejects; default 5000. It bounds how
   * long `ping` (the health check) takes to report an unreachable store, and how long `connect` waits.
   */
  readonly serverSelectionTimeoutMs?: number;
}

/** MongoDB's "namespace already exists" (servers before 7.0 answer it to a repeated `create`). */
const NAMESPACE_EXISTS = 48;
const WITHOUT_ID = { projection: { _id: 0 } } as const;

/**
 * The ReadStore port on MongoDB (official driver): one collection per read model, documents keyed
 * by `_id` = `id`, and the atomicity SQLite gets from a transaction replaced by guards (ADR 0003):
 * each document write and the checkpoint only ever move forwards, so a batch cut short by a crash
 * and delivered again lands the same state. Works against a standalone server or a replica set.
 */
export class MongoReadStore implements ReadStore {
  /** Only positive answers are cached: a collection may appear later, created by another process. */
  private readonly knownCollections = new Set<string>();

  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
  ) {}

  /** Connects and checks the server is reachable; rejects after the server selection timeout. */
  static async connect(options: MongoReadStoreOptions): Promise<MongoReadStore> {
    const client = new MongoClient(options.url, {
      writeConcern: { w: options.writeConcern ?? 'majority' },
      serverSelectionTimeoutMS: options.serverSelectionTimeoutMs ?? 5000,
      // JSON drops undefined fields; BSON would store them as null. Documents are JSON round-tripped
      // before writing anyway, this also covers query values.
      ignoreUndefined: true,
    });
    // The driver gives MongoClient, its topology, servers, monitors and pools no-op 'error' listeners
    // (mongodb 7.9), so a dropped connection never surfaces as an unhandled 'error' event: it rejects
    // the operations in flight and the next server selection, which is what `ping` reports.
    try {
      await client.connect();
    } catch (error) {
      await client.close(); // its monitors would otherwise keep retrying, and the process alive
      throw error;
    }
    return new MongoReadStore(client, client.db(options.database));
  }

  async ensureCollection(definition: CollectionDefinition): Promise<void> {
    return reachable(async () => {
      const name = collectionName(definition.name);
      const keys = definition.indexes.map((index) => indexKey(index.fields));
      // Deferred indexes are built by a later call; their names are refused now, as the other adapters refuse them.
      (definition.deferredIndexes ?? []).forEach((index) => indexKey(index.fields));
      try {
        await this.db.createCollection(name);
      } catch (error) {
        if (!(error instanceof MongoServerError && error.code === NAMESPACE_EXISTS)) throw error;
      }
      // Default names (`status_1_priority_1__id_1`) make a repeated call a no-op on the server.
      if (keys.length > 0) await this.db.collection(name).createIndexes(keys.map((key) => ({ key })));
      this.knownCollections.add(name);
    });
  }

  async get<T extends StoredDocument>(collection: string, id: string): Promise<T | null> {
    return reachable(async () => {
      return (await this.collection(collection).findOne({ _id: id }, WITHOUT_ID)) as T | null;
    });
  }

  async getMany<T extends StoredDocument>(collection: string, ids: readonly string[]): Promise<Map<string, T>> {
    return reachable(async () => {
      const found = new Map<string, T>();
      if (ids.length === 0) return found;
      const documents = await this.collection(collection)
        .find({ _id: { $in: [...new Set(ids)] } }, WITHOUT_ID)
        .toArray();
      for (const document of documents as unknown as T[]) found.set(document.id, document);
      return found;
    });
  }

  async find<T extends StoredDocument>(collection: string, query: FindQuery): Promise<Page<T>> {
    return reachable(async () => {
      const { filter, options, order, limit } = findCommand(collection, query);
      const documents = (await this.collection(collection).find(filter, options).toArray()) as unknown as T[];
      const items = documents.slice(0, limit);
      const last = items[items.length - 1];
      const nextCursor = documents.length > limit && last ? encodeCursor({ collection, filter: query.filter, order }, sortValuesOf(last, order)) : null;
      return { items, nextCursor };
    });
  }

  /** A document read from MongoDB is BSON: it is written as JSON here, as `find` would be by its caller. */
  async findAsJson(collection: string, query: FindQuery): Promise<JsonPage> {
    return pageAsJson(await this.find(collection, query));
  }

  /**
   * How MongoDB answers `find` (explain with executionStats: the winning plan and what running it
   * examined): for specs that a query seeks its index, not part of the port.
   */
  async explainFind(collection: string, query: FindQuery): Promise<Document> {
    return reachable(async () => {
      const { filter, options } = findCommand(collection, query);
      return this.collection(collection).find(filter, options).explain('executionStats');
    });
  }

  async count(collection: string, filter?: Filter): Promise<number> {
    return reachable(async () => {
      return this.collection(collection).countDocuments(queryOf(conditionsOf(filter)));
    });
  }

  /**
   * One ORDERED bulk write of guarded upserts per collection, then the checkpoint. Not atomic: a
   * crash in between leaves some documents written and the checkpoint behind, and the batch comes
   * again; the guards make that second delivery change nothing it should not.
   */
  async applyBatch(projection: string, writes: readonly DocumentWrite[], checkpoint: Position): Promise<void> {
    return this.applyBatches([{ projection, writes, checkpoint }]);
  }

  /**
   * As applyBatch, for several projections: every collection's upserts (in the batches' order),
   * then every checkpoint in one ordered bulk write, so no checkpoint is written before all the
   * documents it covers.
   */
  async applyBatches(batches: readonly ProjectionBatch[]): Promise<void> {
    return reachable(async () => {
      // Everything that can be refused is checked before the first write, as a transaction would.
      const byCollection = new Map<string, AnyBulkWriteOperation<MongoDocument>[]>();
      for (const { collection, document } of batches.flatMap(({ writes }) => writes)) {
        const name = collectionName(collection);
        const operations = byCollection.get(name) ?? [];
        operations.push(guardedUpsert(document));
        byCollection.set(name, operations);
      }
      await this.assertCollectionsExist([...byCollection.keys()]);
      for (const [name, operations] of byCollection) await this.db.collection<MongoDocument>(name).bulkWrite(operations, { ordered: true });
      const checkpoints = batches.map(({ projection, checkpoint }) => ({ updateOne: { filter: { _id: projection }, update: guardedCheckpoint(checkpoint), upsert: true } }));
      if (checkpoints.length > 0) await this.checkpoints().bulkWrite(checkpoints, { ordered: true });
    });
  }

  async checkpoint(projection: string): Promise<Position | null> {
    return reachable(async () => {
      const found = await this.checkpoints().findOne({ _id: projection });
      return typeof found?.position === 'string' ? found.position : null;
    });
  }

  /** Unguarded, unlike applyBatch: the one write that may move a checkpoint backwards. */
  async resetCheckpoint(projection: string, position: Position | null): Promise<void> {
    return reachable(async () => {
      if (position === null) await this.checkpoints().deleteOne({ _id: projection });
      else await this.checkpoints().replaceOne({ _id: projection }, { position }, { upsert: true });
    });
  }

  async acquireLease(name: string, owner: string, ttlMs: number, now: Date): Promise<boolean> {
    return reachable(async () => {
      const leases = this.leases();
      await leases.updateOne({ _id: name }, guardedLease(name, owner, now.getTime() + ttlMs, now.getTime()), { upsert: true });
      return (await leases.findOne({ _id: name }))?.owner === owner;
    });
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    return reachable(async () => {
      await this.leases().deleteOne({ _id: name, owner });
    });
  }

  /** Rejects when no server answers within the server selection timeout (health checks). */
  async ping(): Promise<void> {
    return reachable(async () => {
      await this.db.command({ ping: 1 });
    });
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  /** MongoDB creates collections on first write; the port says writing to one never ensured throws. */
  private async assertCollectionsExist(names: readonly string[]): Promise<void> {
    const unknown = names.filter((name) => !this.knownCollections.has(name));
    if (unknown.length === 0) return;
    const existing = await this.db.listCollections({ name: { $in: unknown } }, { nameOnly: true }).toArray();
    existing.forEach(({ name }) => this.knownCollections.add(name));
    const missing = unknown.find((name) => !this.knownCollections.has(name));
    if (missing) throw new Error(`Collection ${missing} does not exist; call ensureCollection first`);
  }

  private collection(name: string): Collection<MongoDocument> {
    return this.db.collection<MongoDocument>(collectionName(name));
  }

  private checkpoints(): Collection<{ _id: string; position?: Position }> {
    return this.db.collection(CHECKPOINTS);
  }

  private leases(): Collection<{ _id: string; owner?: string; expiresAt?: number }> {
    return this.db.collection(LEASES);
  }
}

/** A valid identifier, and never a collection the store keeps for itself. */
function collectionName(name: string): string {
  const valid = assertCollectionName(name);
  if (valid === CHECKPOINTS || valid === LEASES) throw new InvalidNameError('collection', name);
  return name;
}

/** A declared index in field order, then `_id`, so that the `..., id` tiebreak needs no sort step. */
function indexKey(fields: readonly string[]): Record<string, 1> {
  const key: Record<string, 1> = {};
  for (const field of fields.map(assertFieldPath).filter((field) => field !== 'id')) key[mongoField(field)] = 1;
  key._id = 1;
  return key;
}
