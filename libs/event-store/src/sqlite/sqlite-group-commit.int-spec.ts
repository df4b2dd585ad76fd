import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConcurrencyError, DuplicateEventIdError, Json } from '../event-store';
import { anEvent, someEvents } from '../testing/test-events';
import { SqliteEventStore } from './sqlite-event-store';

describe('SqliteEventStore group commit', () => {
  let directory: string;
  let store: SqliteEventStore;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'event-store-group-'));
    store = SqliteEventStore.open({ filename: join(directory, 'events.sqlite') });
  });
  afterEach(async () => {
    await store.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('lands every one of many appends made in the same tick, each with its own result', async () => {
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, index) => store.append(`order-${index}`, someEvents(2), 'no_stream')),
    );
    expect(results.every((result) => result.revision === 1)).toBe(true);
    expect(new Set(results.map((result) => result.position)).size).toBe(200);
    expect(await store.readAll()).toHaveLength(400);
    for (const [index, result] of results.entries()) {
      const stream = await store.readStream(`order-${index}`);
      expect(stream[1].position).toBe(result.position);
    }
  });

  it('rejects only the failing appends of a group and commits the rest', async () => {
    const [stored] = someEvents(1);
    await store.append('order-dup', [stored], 'no_stream');
    const unserialisable = anEvent('Broken', { amount: BigInt(1) } as unknown as Json);

    const outcomes = await Promise.allSettled([
      store.append('order-1', someEvents(1), 'no_stream'),
      store.append('order-2', someEvents(1), 5),
      store.append('order-3', [anEvent(), stored], 'any'),
      // The first event is inserted before the second fails: its savepoint must undo it.
      store.append('order-4', [anEvent(), unserialisable], 'any'),
      store.append('order-5', someEvents(1), 'no_stream'),
    ]);

    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrencyError);
    expect((outcomes[2] as PromiseRejectedResult).reason).toBeInstanceOf(DuplicateEventIdError);
    const streams = (await store.readAll()).map((event) => event.stream);
    expect(streams).toEqual(['order-dup', 'order-1', 'order-5']);
  });

  it('lets appends to one stream in the same group see each other', async () => {
    const retry = someEvents(1);
    const outcomes = await Promise.allSettled([
      store.append('order-1', someEvents(2), 'no_stream'),
      store.append('order-1', retry, 1),
      store.append('order-1', retry, 1),
      store.append('order-1', someEvents(1), 1),
    ]);
    expect(outcomes.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value.revision : 'rejected'))).toEqual([
      1,
      2,
      2,
      'rejected',
    ]);
    expect(await store.readStream('order-1')).toHaveLength(3);
  });

  it('writes appends already accepted when closed before the group flushed', async () => {
    const filename = join(directory, 'events.sqlite');
    const pending = store.append('order-1', someEvents(1), 'no_stream');
    await store.close();
    await expect(pending).resolves.toMatchObject({ revision: 0 });
    store = SqliteEventStore.open({ filename });
    expect(await store.readStream('order-1')).toHaveLength(1);
  });

  it('refuses appends after close', async () => {
    await store.close();
    await expect(store.append('order-1', someEvents(1), 'any')).rejects.toThrow(/closed/);
    store = SqliteEventStore.open({ filename: join(directory, 'events.sqlite') });
  });
});
