import type { AnyBulkWriteOperation, Document } from 'mongodb';
import type { Position } from '@itsm/event-store/port';
import type { StoredDocument } from '../read-store';

/** A read-model document as MongoDB holds it: the port's document with `_id` = `id` in front. */
export interface MongoDocument extends Document {
  _id: string;
}

/** Where projection checkpoints live, one document per projection key: `{ _id: key, position }`. */
export const CHECKPOINTS = 'checkpoints';
/** Where projector leases live: `{ _id: name, owner, expiresAt }` (epoch milliseconds). */
export const LEASES = 'leases';

/**
 * A guarded upsert: replaces the stored document only when its `_position` is older than the new
 * one's, in ONE update with an aggregation pipeline, so a re-delivered or stale write matches, keeps
 * `$$ROOT` and changes nothing.
 *
 * Why not a filter guard such as `{ _id, _position: { $lt: p } }` with upsert: when the stored
 * document is newer the filter matches nothing, the server tries to insert, and the unique `_id`
 * index answers E11000, failing the ordered bulk write at that point. Catching E11000 would work
 * but makes every benign re-delivery an error to tell apart from real ones. The pipeline needs no
 * error handling and upserts a missing document (its `_position` is missing, read as '').
 *
 * The document goes in wrapped in `$literal`: a pipeline evaluates expressions, so a user's string
 * such as "$title" or "$$ROOT" would otherwise be read as a field path or variable.
 * Positions compare as strings: they are fixed-width and ordered by plain comparison (event-store).
 */
export function guardedUpsert(document: StoredDocument): AnyBulkWriteOperation<MongoDocument> {
  const stored = storedForm(document);
  const isNewer = { $lt: [{ $ifNull: ['$_position', ''] }, { $literal: document._position }] };
  return {
    updateOne: {
      filter: { _id: document.id },
      update: [{ $replaceWith: { $cond: [isNewer, { $literal: stored }, '$$ROOT'] } }],
      upsert: true,
    },
  };
}

/** The checkpoint moves forwards only, by the same kind of guard on its `position`. */
export function guardedCheckpoint(position: Position): Document[] {
  const isNewer = { $lt: [{ $ifNull: ['$position', ''] }, { $literal: position }] };
  return [{ $set: { position: { $cond: [isNewer, { $literal: position }, '$position'] } } }];
}

/**
 * What MongoDB keeps: the document after a JSON round trip (so that exactly what SQLite would keep
 * is kept: no Dates, no undefined, no -0; and a non-JSON value such as a BigInt throws before
 * anything is written), with `_id` = `id` in front. `id` stays too, so that a read that leaves out
 * `_id` gives the document back as the projection wrote it, key order included.
 */
export function storedForm(document: StoredDocument): MongoDocument {
  const copy = JSON.parse(JSON.stringify(document)) as Document;
  return { _id: document.id, ...copy };
}

/**
 * Takes the lease when it is free, expired or already the owner's, and otherwise keeps it as it is:
 * the same pipeline guard as the documents, so a lease held by another is no E11000 to catch.
 */
export function guardedLease(name: string, owner: string, expiresAt: number, now: number): Document[] {
  const mayTake = { $or: [{ $eq: ['$owner', { $literal: owner }] }, { $lte: [{ $ifNull: ['$expiresAt', 0] }, now] }] };
  return [{ $replaceWith: { $cond: [mayTake, { $literal: { _id: name, owner, expiresAt } }, '$$ROOT'] } }];
}
