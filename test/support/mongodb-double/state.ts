import { BSON, type Document } from 'mongodb';

/** What a command handler sees: the database it was sent to and the double's whole state. */
export interface CommandContext {
  readonly db: string;
  readonly state: DoubleState;
  readonly connectionId: number;
}

/** Answers a command document with the reply's fields; `ok: 1` is added by the dispatcher. */
export type Handler = (command: Document, context: CommandContext) => Document;

/** A command failure, answered as `{ ok: 0, errmsg, code, codeName }` as a real server does. */
export class CommandError extends Error {
  constructor(
    readonly code: number,
    readonly codeName: string,
    message: string,
  ) {
    super(message);
  }
}

export interface IndexSpec {
  readonly v: 2;
  readonly key: Document;
  readonly name: string;
}

export interface StoredCollection {
  /** Replaced, never mutated in place, so open cursors keep the snapshot they were made from. */
  documents: Document[];
  readonly indexes: IndexSpec[];
}

const ID_INDEX: IndexSpec = { v: 2, key: { _id: 1 }, name: '_id_' };

/** Databases of collections. A find uses their indexes as a server would (query-planner.ts). */
export class Catalog {
  private readonly databases = new Map<string, Map<string, StoredCollection>>();

  find(db: string, name: string): StoredCollection | undefined {
    return this.databases.get(db)?.get(name);
  }

  /** Collections spring into existence on first write, as on a real server. */
  findOrCreate(db: string, name: string): { collection: StoredCollection; created: boolean } {
    const existing = this.find(db, name);
    if (existing) return { collection: existing, created: false };
    const collection: StoredCollection = { documents: [], indexes: [ID_INDEX] };
    const collections = this.databases.get(db) ?? new Map<string, StoredCollection>();
    collections.set(name, collection);
    this.databases.set(db, collections);
    return { collection, created: true };
  }

  list(db: string): [string, StoredCollection][] {
    return [...(this.databases.get(db) ?? new Map<string, StoredCollection>())];
  }

  drop(db: string, name: string): StoredCollection | undefined {
    const collection = this.find(db, name);
    this.databases.get(db)?.delete(name);
    return collection;
  }

  dropDatabase(db: string): void {
    this.databases.delete(db);
  }
}

interface OpenCursor {
  readonly ns: string;
  remaining: Document[];
}

/** Server-side cursors: the rest of a result, handed out by getMore. Lost on restart, as on a server. */
export class Cursors {
  private readonly open = new Map<number, OpenCursor>();
  private nextId = 1;

  /** The first batch of `documents`; the rest stays behind a cursor id unless `single`. */
  first(ns: string, documents: Document[], batchSize: number, single: boolean): Document {
    const firstBatch = documents.slice(0, batchSize);
    const remaining = documents.slice(batchSize);
    let id = 0;
    if (!single && remaining.length > 0) {
      id = this.nextId++;
      this.open.set(id, { ns, remaining });
    }
    return { cursor: { firstBatch, id: BSON.Long.fromNumber(id), ns } };
  }

  next(id: number, batchSize: number): Document {
    const cursor = this.open.get(id);
    if (!cursor) throw new CommandError(43, 'CursorNotFound', `cursor id ${id} not found`);
    const nextBatch = cursor.remaining.slice(0, batchSize);
    cursor.remaining = cursor.remaining.slice(batchSize);
    if (cursor.remaining.length === 0) this.open.delete(id);
    return { cursor: { nextBatch, id: BSON.Long.fromNumber(this.open.has(id) ? id : 0), ns: cursor.ns } };
  }

  kill(id: number): boolean {
    return this.open.delete(id);
  }

  clear(): void {
    this.open.clear();
  }
}

export class DoubleState {
  readonly catalog = new Catalog();
  readonly cursors = new Cursors();
}

/** Deep copy through BSON, so that stored documents share nothing with requests or replies. */
export function cloneDocument<T extends Document>(document: T): T {
  return BSON.deserialize(BSON.serialize(document)) as T;
}

/** Equality of two BSON values as the server sees it (same bytes). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return Buffer.compare(BSON.serialize({ v: a }), BSON.serialize({ v: b })) === 0;
}

/** Cursor ids arrive as int64; the deserializer may promote them to numbers. */
export function toNumber(value: unknown): number {
  return value instanceof BSON.Long ? value.toNumber() : Number(value);
}

/** The collection a command names (`{ find: 'tickets' }`), checked to be a string. */
export function collectionNameOf(command: Document, field: string): string {
  const name: unknown = command[field];
  if (typeof name !== 'string' || name.length === 0) throw new CommandError(73, 'InvalidNamespace', `Invalid ${field} namespace`);
  return name;
}
