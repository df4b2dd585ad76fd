import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { anEvent, nextEvent, puller, someEvents, untilCheckpoint } from '../testing/test-events';
import { SqliteEventStore } from './sqlite-event-store';

/** Several stores on one file stand in for the command-api, projector and query-api processes. */
describe('SqliteEventStore on a file shared between processes', () => {
  let directory: string;
  let filename: string;
  const opened: SqliteEventStore[] = [];
  const open = (): SqliteEventStore => {
    const store = SqliteEventStore.open({ filename, pollIntervalMs: 5 });
    opened.push(store);
    return store;
  };

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'event-store-shared-'));
    filename = join(directory, 'events.sqlite');
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    rmSync(directory, { recursive: true, force: true });
  });

  it('keeps every appended event across close and reopen', async () => {
    const writer = open();
    await writer.append('order-1', someEvents(3), 'no_stream');
    const before = await writer.readAll();
    await writer.close();

    const reopened = open();
    expect(await reopened.readAll()).toEqual(before);
    expect(await reopened.headPosition()).toBe(before[2].position);
    await expect(reopened.append('order-1', [anEvent()], 2)).resolves.toMatchObject({ revision: 3 });
  });

  it('uses write-ahead logging, so readers in other processes do not block the writer', async () => {
    open();
    const probe = new Database(filename, { readonly: true });
    expect(probe.pragma('journal_mode', { simple: true })).toBe('wal');
    probe.close();
  });

  it('delivers events appended by another instance to a live subscription, by polling', async () => {
    const writer = open();
    const reader = open();
    const controller = new AbortController();
    const pull = puller(reader.subscribe({ signal: controller.signal })[Symbol.asyncIterator]());
    await untilCheckpoint(pull);

    const appended = await writer.append('order-1', [anEvent('FromElsewhere')], 'no_stream');
    expect(await nextEvent(pull)).toMatchObject({ type: 'FromElsewhere', position: appended.position });
    expect(await pull()).toEqual({ kind: 'checkpoint', position: appended.position, caughtUp: true });
    controller.abort();
  });

  it('lets instances compete for one stream: exactly one append at an exact revision wins', async () => {
    const first = open();
    const second = open();
    await first.append('order-1', [anEvent()], 'no_stream');
    const outcomes = await Promise.allSettled([first.append('order-1', [anEvent()], 0), second.append('order-1', [anEvent()], 0)]);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    expect(await second.readStream('order-1')).toHaveLength(2);
  });

  it('ends subscriptions when the store closes', async () => {
    const store = open();
    const iterator = store.subscribe()[Symbol.asyncIterator]();
    await untilCheckpoint(puller(iterator));
    const waiting = iterator.next();
    await store.close();
    await expect(waiting).resolves.toMatchObject({ done: true });
  });
});
