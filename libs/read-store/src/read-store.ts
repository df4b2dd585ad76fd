import type { Position } from '@itsm/event-store/port';

/** A read-model document: plain JSON keyed by `id`. `_position` is the log position that last changed it. */
export interface StoredDocument {
  readonly id: string;
  readonly _position: Position;
}

/** A field path (dot-separated for nested fields) the store can filter and sort on quickly. */
export interface IndexDefinition {
  readonly fields: readonly string[];
}

export interface CollectionDefinition {
  readonly name: string;
  readonly indexes: readonly IndexDefinition[];
  /**
   * Indexes it will be given later, by an ensureCollection with them in `indexes`, and none built
   * now: a bulk load (a rebuild from nothing, ADR 22) writes its documents first. An adapter may
   * prepare for them; SQLite makes a new table with their fields as stored columns.
   */
  readonly deferredIndexes?: readonly IndexDefinition[];
}

export type FieldValue = string | number | boolean | null;

/** What a range compares with: a string or a finite number. */
export type RangeValue = string | number;

/**
 * One or more bounds on one field, all holding: `{ $gte: from, $lt: to }`. The bounds share a type,
 * and a value of another type (or null, or a missing field) is never inside the range, whatever the
 * bounds: MongoDB's "type bracketing", reproduced by every adapter. Strings compare by their UTF-8
 * bytes, that is by Unicode code point, never by locale ('Z' < 'a' < 'é'); so ISO 8601 instants
 * written in one form (UTC, as `Date.toISOString()` writes them) compare in time order. Numbers
 * compare by value.
 */
export interface Range {
  readonly $gte?: RangeValue;
  readonly $gt?: RangeValue;
  readonly $lte?: RangeValue;
  readonly $lt?: RangeValue;
}

/**
 * Per field (all fields must hold): equality with a value; `{ $in: [...] }` for membership; or a
 * Range. `null` (alone or in `$in`) matches a missing field too. A malformed condition (an empty
 * range, bounds of two types, an operator beside `$in`) throws RangeError.
 * Kept this small on purpose: every adapter must give identical answers.
 */
export type Filter = Readonly<Record<string, FieldValue | { readonly $in: readonly FieldValue[] } | Range>>;

export interface SortKey {
  readonly field: string;
  readonly direction: 'asc' | 'desc';
}

export interface FindQuery {
  readonly filter?: Filter;
  /** Sort fields must never be null in stored documents; `id` ascending breaks ties. */
  readonly sort?: readonly SortKey[];
  /** A positive integer (else RangeError); callers cap it. */
  readonly limit: number;
  /** The `nextCursor` of the previous page, made for the same sort; anything else throws InvalidCursorError. */
  readonly cursor?: string | null;
}

export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

/**
 * A page as a client sees it, in JSON text, for reads that send it on unchanged: each item is the
 * document without `_position`, exactly as `JSON.stringify` writes it; `nextCursor` is `find`'s.
 */
export interface JsonPage {
  readonly items: readonly string[];
  readonly nextCursor: string | null;
}

export interface DocumentWrite {
  readonly collection: string;
  readonly document: StoredDocument;
}

/** One projection's part of `applyBatches`: what it would give `applyBatch`. */
export interface ProjectionBatch {
  readonly projection: string;
  readonly writes: readonly DocumentWrite[];
  readonly checkpoint: Position;
}

/**
 * Semantics every adapter shares (proven by testing/read-store-contract.ts):
 * - collection names are identifiers (`^[A-Za-z][A-Za-z0-9_]*$`), field paths dot-separated identifiers;
 *   anything else throws InvalidNameError;
 * - a collection nobody created reads as empty (the query side may start before the projector);
 * - documents come back as copies of what was stored (JSON round trip).
 */
export interface ReadStore {
  /** Creates the collection and its declared indexes if missing. A read-only store does nothing. */
  ensureCollection(definition: CollectionDefinition): Promise<void>;
  get<T extends StoredDocument>(collection: string, id: string): Promise<T | null>;
  getMany<T extends StoredDocument>(collection: string, ids: readonly string[]): Promise<Map<string, T>>;
  find<T extends StoredDocument>(collection: string, query: FindQuery): Promise<Page<T>>;
  /**
   * `find`, answered as text (JsonPage): the same documents and cursor, without parsing what is
   * stored as JSON only to write it again. A work queue is read far more often than it changes.
   */
  findAsJson(collection: string, query: FindQuery): Promise<JsonPage>;
  count(collection: string, filter?: Filter): Promise<number>;
  /**
   * Lands the documents (upserts) and the projection's checkpoint together: after a crash either
   * both are there or the batch is delivered again, and re-delivery changes nothing.
   * A document is replaced only by one with a later `_position`, and the checkpoint never moves
   * backwards, so a stale or repeated batch cannot undo newer state. Writing to a collection that
   * was never ensured throws.
   */
  applyBatch(projection: string, writes: readonly DocumentWrite[], checkpoint: Position): Promise<void>;
  /**
   * Several projections' batches in one step, each landed as `applyBatch` lands it (the same
   * guards), in order: the pass lands every projection due at the end of a page of the log at once
   * (ADR 22), where a write per projection cost a commit each. All or nothing, as one batch is:
   * anything refused (a collection never ensured, a document that is not JSON) refuses them all
   * before anything is written, and SQLite and the memory store land every document and checkpoint
   * in one transaction, so no projection's checkpoint advances without the others'. MongoDB keeps
   * its guards instead (ADR 3): every projection's documents, then every checkpoint, so a crash
   * between them leaves checkpoints behind their documents, never ahead.
   */
  applyBatches(batches: readonly ProjectionBatch[]): Promise<void>;
  /** The last checkpoint of a projection, or null if it has never run. */
  checkpoint(projection: string): Promise<Position | null>;
  /**
   * Sets a projection's checkpoint to `position` even when that is earlier (null: as if it had
   * never run), leaving every document as it is. For recovery only, when the checkpoint cannot be
   * right: beyond the head of the log (ADR 9). Replaying from an earlier position is harmless, since
   * a document skips events at or before its `_position` (ADR 3).
   */
  resetCheckpoint(projection: string, position: Position | null): Promise<void>;
  /**
   * Takes or renews the lease `name` for `owner` until `now + ttlMs` when it is free, expired, or
   * already the owner's; answers whether `owner` holds it now. A projector runs a projection only
   * while it holds that projection's lease, so a second projector waits as a standby.
   */
  acquireLease(name: string, owner: string, ttlMs: number, now: Date): Promise<boolean>;
  /** Gives the lease up at once, if `owner` holds it, so a standby need not wait for it to expire. */
  releaseLease(name: string, owner: string): Promise<void>;
  /** Throws when the store cannot be reached (for health checks). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export class InvalidCursorError extends Error {
  readonly code = 'read_store.invalid_cursor';
  constructor() {
    super('The cursor is malformed or belongs to another query');
    this.name = 'InvalidCursorError';
  }
}

/** The store cannot be reached now (no server selected, network error); retrying later may work. */
export class ReadStoreUnavailableError extends Error {
  readonly code = 'read_store.unavailable';
  constructor(reason: string) {
    super(`The read store is unavailable: ${reason}`);
    this.name = 'ReadStoreUnavailableError';
  }
}
