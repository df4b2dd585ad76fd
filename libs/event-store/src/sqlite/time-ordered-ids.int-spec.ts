import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deterministicId, eventIdFor, timeOrderedId } from '../ids';
import { anEvent } from '../testing/test-events';
import { SqliteEventStore } from './sqlite-event-store';

/** The events a command records, with the ids the write path gives them. */
const recordedBy = (commandId: string, count: number) => Array.from({ length: count }, (_, index) => anEvent('SomethingHappened', { index }, eventIdFor(commandId, index)));

describe('a SQLite log written before time-ordered ids (ADR 23), opened by the current store', () => {
  let directory: string;
  let filename: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'time-ordered-ids-'));
    filename = join(directory, 'events.sqlite');
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('keeps its schema and indexes, takes time-ordered ids after random ones, and still recognises a repeat of an earlier append', async () => {
    const before = SqliteEventStore.open({ filename });
    const earlier = [anEvent('SomethingHappened', { index: 0 }, randomUUID()), ...recordedBy(deterministicId('command', 'alice', 'key-1'), 2)];
    const first = await before.append('incident-1', earlier, 'no_stream');
    await before.close();
    const schemaOf = (file: string) => {
      const db = new Database(file, { readonly: true });
      try {
        return db.prepare("SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'events' ORDER BY name").all();
      } finally {
        db.close();
      }
    };
    const schemaBefore = schemaOf(filename);

    const store = SqliteEventStore.open({ filename });
    try {
      const later = recordedBy(timeOrderedId(), 2);
      await store.append('incident-1', later, 2);
      expect(await store.append('incident-1', earlier, 4)).toEqual(first);
      const read = await store.readStream('incident-1');
      expect(read.map((event) => event.metadata.eventId)).toEqual([...earlier, ...later].map((event) => event.metadata.eventId));
      await expect(store.append('incident-2', [later[0]!], 'no_stream')).rejects.toMatchObject({ name: 'DuplicateEventIdError' });
    } finally {
      await store.close();
    }
    expect(schemaOf(filename)).toEqual(schemaBefore);
  });
});
