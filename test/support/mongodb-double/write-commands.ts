import { ObjectId, type Document } from 'mongodb';
import { ProcessingMode, Query, aggregate, update as applyOperators } from 'mingo';
import { SERVER_ORDER, withServerStringOrder } from './server-order';
import { CommandError, cloneDocument, collectionNameOf, sameValue, type Handler, type StoredCollection } from './state';

/**
 * insert, update and delete as the server answers them: per-statement results summed into
 * `n` (and `nModified`, `upserted: [{ index, _id }]` for update), failures as `writeErrors:
 * [{ index, code, errmsg }]`, stopping at the first failure when `ordered` (the default).
 * Only the `_id` index is unique here; declared indexes are not enforced.
 */
interface Outcome {
  n: number;
  nModified?: number;
  upserted?: { index: number; _id: unknown }[];
}

/** Runs each statement; the answer has `n`, plus `nModified` and `upserted` when `counting` them. */
function runStatements(
  statements: Document[],
  ordered: boolean,
  counting: 'n' | 'n, nModified',
  run: (statement: Document, index: number) => Outcome,
): Document {
  let [n, nModified] = [0, 0];
  const upserted: Outcome['upserted'] = [];
  const writeErrors: Document[] = [];
  for (const [index, statement] of statements.entries()) {
    try {
      const outcome = run(statement, index);
      n += outcome.n;
      nModified += outcome.nModified ?? 0;
      upserted.push(...(outcome.upserted ?? []));
    } catch (error) {
      if (!(error instanceof CommandError)) throw error;
      writeErrors.push({ index, code: error.code, codeName: error.codeName, errmsg: error.message });
      if (ordered) break;
    }
  }
  return {
    n,
    ...(counting === 'n, nModified' ? { nModified } : {}),
    ...(upserted.length > 0 ? { upserted } : {}),
    ...(writeErrors.length > 0 ? { writeErrors } : {}),
  };
}

function duplicateKey(ns: string, id: unknown): CommandError {
  return new CommandError(11000, 'DuplicateKey', `E11000 duplicate key error collection: ${ns} index: _id_ dup key: { _id: ${JSON.stringify(id)} }`);
}

function insertInto(collection: StoredCollection, ns: string, document: Document): void {
  if (collection.documents.some((stored) => sameValue(stored._id, document._id))) throw duplicateKey(ns, document._id);
  collection.documents = [...collection.documents, document];
}

const insert: Handler = (command, { db, state }) => {
  const name = collectionNameOf(command, 'insert');
  const { collection } = state.catalog.findOrCreate(db, name);
  const documents = (command.documents ?? []) as Document[];
  return runStatements(documents, command.ordered !== false, 'n', (document) => {
    insertInto(collection, `${db}.${name}`, cloneDocument({ _id: document._id ?? new ObjectId(), ...document }));
    return { n: 1 };
  });
};

/** An update document is a pipeline, `$`-operators (applied by mingo) or a whole replacement. */
function updated(original: Document, update: Document | Document[], arrayFilters?: Document[]): Document {
  let next: Document;
  if (Array.isArray(update)) {
    [next = {}] = aggregate([original], update, { processingMode: ProcessingMode.CLONE_INPUT });
  } else if (Object.keys(update).some((key) => key.startsWith('$'))) {
    next = cloneDocument(original);
    applyOperators(next, update, arrayFilters);
  } else {
    next = { _id: original._id, ...update };
  }
  if (next._id === undefined) next = { _id: original._id, ...next };
  if (original._id !== undefined && !sameValue(next._id, original._id)) {
    throw new CommandError(66, 'ImmutableField', "Performing an update on the path '_id' would modify the immutable field '_id'");
  }
  return cloneDocument(next);
}

/**
 * The document an upsert starts from: the query's top-level equality fields. Assumption: the server
 * also draws on `$and` and dotted paths; our adapter upserts by `{ _id }` only.
 */
function upsertSeed(query: Document): Document {
  const seed: Document = {};
  for (const [field, value] of Object.entries(query)) {
    if (field.startsWith('$')) continue;
    const isOperator = value !== null && typeof value === 'object' && Object.keys(value).some((key) => key.startsWith('$'));
    if (!isOperator) seed[field] = value;
    else if ('$eq' in value) seed[field] = value.$eq;
  }
  return seed;
}

const update: Handler = (command, { db, state }) => {
  const name = collectionNameOf(command, 'update');
  const { collection } = state.catalog.findOrCreate(db, name);
  return runStatements((command.updates ?? []) as Document[], command.ordered !== false, 'n, nModified', (statement, index) => {
    const { q = {}, u, upsert, multi, arrayFilters } = statement as Document;
    const query = new Query(withServerStringOrder(q as Document), SERVER_ORDER);
    const matching = collection.documents.filter((document) => query.test(document));
    const targets = multi === true ? matching : matching.slice(0, 1);
    if (targets.length === 0 && upsert === true) {
      const document = updated(upsertSeed(q as Document), u as Document, arrayFilters as Document[] | undefined);
      if (document._id === undefined) document._id = new ObjectId();
      insertInto(collection, `${db}.${name}`, document);
      return { n: 1, upserted: [{ index, _id: document._id }] };
    }
    let nModified = 0;
    for (const target of targets) {
      const next = updated(target, u as Document, arrayFilters as Document[] | undefined);
      if (sameValue(next, target)) continue;
      collection.documents = collection.documents.map((document) => (document === target ? next : document));
      nModified++;
    }
    return { n: targets.length, nModified };
  });
};

const deleteCommand: Handler = (command, { db, state }) => {
  const collection = state.catalog.find(db, collectionNameOf(command, 'delete'));
  return runStatements((command.deletes ?? []) as Document[], command.ordered !== false, 'n', ({ q = {}, limit }) => {
    if (!collection) return { n: 0 };
    const query = new Query(withServerStringOrder(q as Document), SERVER_ORDER);
    const matching = collection.documents.filter((document) => query.test(document));
    const removed = new Set(Number(limit) === 1 ? matching.slice(0, 1) : matching);
    collection.documents = collection.documents.filter((document) => !removed.has(document));
    return { n: removed.size };
  });
};

export const writeCommands: Record<string, Handler> = { insert, update, delete: deleteCommand };
