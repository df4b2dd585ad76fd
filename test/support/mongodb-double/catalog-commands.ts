import { Query } from 'mingo';
import type { Document } from 'mongodb';
import { CommandError, collectionNameOf, sameValue, type Handler, type IndexSpec } from './state';
import { SERVER_ORDER, withServerStringOrder } from './server-order';

/**
 * Collection and index commands. Assumption: `create` of an existing collection answers
 * NamespaceExists (48), as servers before 7.0 do; 7.0+ accept it when the options match, and
 * callers must cope with both. Index options (unique, partial, …) are accepted and ignored.
 */
const create: Handler = (command, { db, state }) => {
  const name = collectionNameOf(command, 'create');
  if (!state.catalog.findOrCreate(db, name).created) {
    throw new CommandError(48, 'NamespaceExists', `Collection ${db}.${name} already exists.`);
  }
  return {};
};

/** Dropping a missing collection is not an error (servers since 7.0). */
const drop: Handler = (command, { db, state }) => {
  const name = collectionNameOf(command, 'drop');
  const dropped = state.catalog.drop(db, name);
  return dropped ? { ns: `${db}.${name}`, nIndexesWas: dropped.indexes.length } : {};
};

const dropDatabase: Handler = (_command, { db, state }) => {
  state.catalog.dropDatabase(db);
  return { dropped: db };
};

const createIndexes: Handler = (command, { db, state }) => {
  const { collection, created } = state.catalog.findOrCreate(db, collectionNameOf(command, 'createIndexes'));
  const requested = (command.indexes ?? []) as Document[];
  if (requested.length === 0) throw new CommandError(2, 'BadValue', 'Must specify at least one index.');
  const before = collection.indexes.length;
  for (const { key, name } of requested) {
    if (typeof name !== 'string' || key === null || typeof key !== 'object') throw new CommandError(2, 'BadValue', 'Invalid index spec');
    const existing = collection.indexes.find((index) => index.name === name);
    if (!existing) collection.indexes.push({ v: 2, key: key as Document, name });
    else if (!sameValue(existing.key, key)) {
      throw new CommandError(86, 'IndexKeySpecsConflict', `An existing index has the same name (${name}) as the requested index`);
    }
  }
  return { createdCollectionAutomatically: created, numIndexesBefore: before, numIndexesAfter: collection.indexes.length };
};

const listIndexes: Handler = (command, { db, state }) => {
  const name = collectionNameOf(command, 'listIndexes');
  const collection = state.catalog.find(db, name);
  if (!collection) throw new CommandError(26, 'NamespaceNotFound', `ns does not exist: ${db}.${name}`);
  return state.cursors.first(`${db}.${name}`, collection.indexes.map((index: IndexSpec) => ({ ...index })), Infinity, true);
};

const listCollections: Handler = (command, { db, state }) => {
  const nameOnly = command.nameOnly === true;
  const entries = state.catalog.list(db).map(([name]) =>
    nameOnly ? { name, type: 'collection' } : { name, type: 'collection', options: {}, info: { readOnly: false }, idIndex: { v: 2, key: { _id: 1 }, name: '_id_' } },
  );
  const filter = new Query(withServerStringOrder((command.filter ?? {}) as Document), SERVER_ORDER);
  return state.cursors.first(`${db}.$cmd.listCollections`, entries.filter((entry) => filter.test(entry)), Infinity, true);
};

export const catalogCommands: Record<string, Handler> = { create, drop, dropDatabase, createIndexes, listIndexes, listCollections };
