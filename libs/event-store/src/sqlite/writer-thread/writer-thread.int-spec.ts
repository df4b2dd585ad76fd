import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Worker } from 'node:worker_threads';
import { ConcurrencyError, EventStoreUnavailableError } from '../../event-store';
import { anEvent, someEvents } from '../../testing/test-events';
import { SqliteEventStore } from '../sqlite-event-store';
import { TYPESCRIPT_WORKER_LOADER, WriterThread } from './writer-thread';

/** ADR 25: the log is written on a thread of its own, so waiting for the disk or a lock never stops the event loop. */
describe("SqliteEventStore's writer thread", () => {
  let directory: string;
  let filename: string;
  let store: SqliteEventStore;
  let otherProcess: Database.Database;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'event-store-writer-thread-'));
    filename = join(directory, 'events.sqlite');
  });
  afterEach(async () => {
    await store.close();
    otherProcess?.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('keeps the event loop serving while an append waits for another process to release the write lock', async () => {
    store = SqliteEventStore.open({ filename, busyTimeoutMs: 10_000 });
    otherProcess = new Database(filename);
    otherProcess.exec('BEGIN IMMEDIATE');

    const append = store.append('order-1', someEvents(1), 'no_stream');
    // On the event loop, the append would block this thread in busy_timeout: the lock would never be released.
    await sleep(100);
    otherProcess.exec('COMMIT');

    await expect(append).resolves.toMatchObject({ revision: 0 });
    expect(await store.readStream('order-1')).toHaveLength(1);
  });

  it('answers with the error the writer met, its class and its code kept', async () => {
    store = SqliteEventStore.open({ filename, busyTimeoutMs: 50 });
    await store.append('order-1', someEvents(1), 'no_stream');
    const refused = await store.append('order-1', someEvents(1), 'no_stream').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ConcurrencyError);
    expect(refused).toMatchObject({ stream: 'order-1', expected: 'no_stream', actual: 0, code: 'concurrency.wrong_expected_revision' });

    otherProcess = new Database(filename);
    otherProcess.exec('BEGIN IMMEDIATE');
    await expect(store.append('order-2', someEvents(1), 'no_stream')).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    otherProcess.exec('ROLLBACK');
  });

  it('fails alone an append whose data cannot be sent to the thread, and writes the rest of its group', async () => {
    store = SqliteEventStore.open({ filename });
    const uncloneable = anEvent('Broken', { call: () => 1 } as never);
    const outcomes = await Promise.allSettled([
      store.append('order-1', someEvents(1), 'no_stream'),
      store.append('order-2', [uncloneable], 'no_stream'),
      store.append('order-3', someEvents(1), 'no_stream'),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await store.readAll()).map((event) => event.stream)).toEqual(['order-1', 'order-3']);
  });

  it('keeps a script alive until its appends are answered, and lets it end once they are', () => {
    store = SqliteEventStore.open({ filename: join(directory, 'unused.sqlite') });
    // A script that starts an append and holds nothing else open: the thread must keep it running
    // until the answer, and an idle writer must not keep it running after (execFileSync would time out).
    const script = `
      require(process.env.${TYPESCRIPT_WORKER_LOADER});
      const { SqliteEventStore } = require(${JSON.stringify(require.resolve('../sqlite-event-store'))});
      const store = SqliteEventStore.open({ filename: ${JSON.stringify(filename)} });
      store.append('order-1', [${JSON.stringify(anEvent())}], 'no_stream').then((result) => console.log('answered', result.revision));
    `;
    const output = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 20_000 });
    expect(output.trim()).toBe('answered 0');
  });
});

describe('A writer thread that stops, or is closed', () => {
  let directory: string;
  beforeEach(() => (directory = mkdtempSync(join(tmpdir(), 'writer-thread-stops-'))));
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('fails the appends it was sent when it dies, and writes later ones on a new thread', async () => {
    const store = SqliteEventStore.open({ filename: join(directory, 'events.sqlite') });
    await store.append('order-0', someEvents(1), 'no_stream');
    const thread = (store as unknown as { writer: { started: Worker } }).writer.started;
    const inFlight = store.append('order-1', someEvents(1), 'no_stream');
    setImmediate(() => void thread.terminate());
    await expect(inFlight).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(store.append('order-2', someEvents(1), 'no_stream')).resolves.toMatchObject({ revision: 0 });
    await store.close();
  });

  it('refuses a write once closed, even if it never started its thread', async () => {
    const thread = new WriterThread(join(__dirname, 'log-writer.worker'), { filename: join(directory, 'events.sqlite'), busyTimeoutMs: 5000 }, (reason) => new EventStoreUnavailableError(reason));
    await thread.close();
    await expect(thread.submit({ stream: 'order-1', events: someEvents(1), expected: 'no_stream' })).rejects.toThrow(/closed/);
  });

  it('closes once: a second close() resolves only when the accepted appends are written', async () => {
    const store = SqliteEventStore.open({ filename: join(directory, 'events.sqlite') });
    let answered = false;
    void store.append('order-1', someEvents(1), 'no_stream').then(() => (answered = true));
    void store.close();
    await store.close();
    expect(answered).toBe(true);
  });
});
