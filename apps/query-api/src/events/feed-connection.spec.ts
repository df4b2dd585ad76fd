import type { ReadAllOptions, RecordedEvent } from '@itsm/event-store';
import type { FeedFilter } from './change-feed';
import { FeedConnection, type FeedEnd, type FeedLimits } from './feed-connection';
import { LiveTail } from './live-tail';
import { someEvents } from '../../../../libs/event-store/src/testing/test-events';
import { changeIncident, FlakyStore, KeepingUpSink, RecordingSink, until } from './testing/feed-fakes';

const EVERY_INCIDENT: FeedFilter = { streamTypes: ['incident'], ticketIds: null };

/**
 * A store whose catch-up reads the spec holds: page `held` (counting from 1) waits until `release()`,
 * so changes can land on the tail while a feed is catching up.
 */
function heldReads(log: FlakyStore, held: number) {
  let pages = 0;
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const readAll = async (options: ReadAllOptions): Promise<RecordedEvent[]> => {
    pages += 1;
    if (pages === held) await released;
    return log.store.readAll(options);
  };
  return { events: { readAll }, release, reading: () => pages >= held };
}

/** Issue 14: each feed catches up from the store on its own, then joins the shared tail. */
describe('A feed on the shared tail', () => {
  let log: FlakyStore;
  let tail: LiveTail;
  const running: FeedConnection[] = [];
  beforeEach(() => {
    log = new FlakyStore();
    tail = new LiveTail(log);
  });
  afterEach(() => {
    for (const feed of running.splice(0)) feed.close('left');
  });

  const start = (options: { after?: string | null; sink?: RecordingSink; limits?: Partial<FeedLimits>; events?: FlakyStore['store'] | ReturnType<typeof heldReads>['events'] } = {}) => {
    const sink = options.sink ?? new RecordingSink();
    const feed = new FeedConnection({ tail, events: options.events ?? log.store, filter: EVERY_INCIDENT, after: options.after ?? null, sink, limits: { page: 10, queue: 1_000, ...options.limits } });
    running.push(feed);
    const ended = feed.run();
    return { sink, feed, ended };
  };
  /** A screen already following the tail, so the tail is live and moving. */
  const liveScreen = async () => {
    const screen = start({ after: await log.store.headPosition() });
    await until(() => tail.size === 1, 'the screen to join');
    return screen;
  };

  it('hands over from its catch-up to the tail with nothing missed and nothing told twice', async () => {
    const old = await changeIncident(log.store, 'a', 45);
    const other = await liveScreen();
    const reads = heldReads(log, 5);
    const resuming = start({ events: reads.events });
    await until(reads.reading, 'the fifth page of the catch-up');
    // While the catch-up reads, 30 more land on the tail (queued), and its fifth page runs past the tail's position.
    const fresh = await changeIncident(log.store, 'a', 30);
    await until(() => other.sink.positions.length === 30, 'the tail to tell the thirty');
    reads.release();
    await until(() => resuming.sink.positions.length >= 75, 'every change');
    const [later] = await changeIncident(log.store, 'a', 1);
    await until(() => resuming.sink.positions.length >= 76, 'the change after the hand-over');
    expect(resuming.sink.positions).toEqual([...old, ...fresh, later]);
  });

  it('when the tail outruns its queue while it catches up, catches up further from the store, then hands over', async () => {
    const old = await changeIncident(log.store, 'a', 45);
    await liveScreen();
    const reads = heldReads(log, 2);
    const resuming = start({ events: reads.events, limits: { queue: 5 } });
    await until(reads.reading, 'the second page of the catch-up');
    const fresh = await changeIncident(log.store, 'a', 30);
    reads.release();
    await until(() => resuming.sink.positions.length >= 75, 'every change');
    const [later] = await changeIncident(log.store, 'a', 1);
    await until(() => resuming.sink.positions.length >= 76, 'the change after the hand-over');
    expect(resuming.sink.positions).toEqual([...old, ...fresh, later]);
  });

  it('follows only its own tickets, and from now tells nothing older', async () => {
    await changeIncident(log.store, 'a', 3);
    const sink = new RecordingSink();
    const feed = new FeedConnection({ tail, events: log.store, filter: { streamTypes: ['incident'], ticketIds: ['b'] }, after: await log.store.headPosition(), sink, limits: { page: 10, queue: 10 } });
    running.push(feed);
    void feed.run();
    await until(() => tail.size === 1, 'the feed to join');
    await changeIncident(log.store, 'a', 2);
    const [mine] = await changeIncident(log.store, 'b', 1);
    await until(() => sink.positions.length === 1, 'the change of b');
    expect(sink.positions).toEqual([mine]);
  });

  it('closes a client that reads too slowly once its queue is full, and the others are told everything', async () => {
    const fast = await liveScreen();
    const slow = start({ after: await log.store.headPosition(), sink: new RecordingSink(1), limits: { queue: 5 } });
    await until(() => tail.size === 2, 'both to join');
    const changes = await changeIncident(log.store, 'a', 20);
    await expect(slow.ended).resolves.toEqual<FeedEnd>({ reason: 'too_slow' });
    // One write filled its socket; five more waited in its queue; the seventh change closed it.
    expect(slow.sink.written).toHaveLength(1);
    await until(() => fast.sink.positions.length === 20, 'the fast screen to be told all');
    expect(fast.sink.positions).toEqual(changes);
    expect(tail.size).toBe(1);
  });

  it('keeps a client whose socket drains in time, and tells it everything in order', async () => {
    const sink = new RecordingSink(2);
    const screen = start({ after: await log.store.headPosition(), sink, limits: { queue: 5 } });
    await until(() => tail.size === 1, 'the screen to join');
    const first = await changeIncident(log.store, 'a', 6);
    sink.drain();
    const second = await changeIncident(log.store, 'a', 6);
    await until(() => sink.positions.length === 12, 'all twelve');
    expect(sink.positions).toEqual([...first, ...second]);
    running.splice(running.indexOf(screen.feed), 1);
    screen.feed.close('left');
    await expect(screen.ended).resolves.toEqual({ reason: 'left' });
  });

  it('is not closed for a burst larger than its queue when it keeps up: the tail gives the sockets a turn as it tells', async () => {
    log = new FlakyStore(5_000);
    tail = new LiveTail(log);
    const sink = new KeepingUpSink(150);
    const screen = start({ after: await log.store.headPosition(), sink, limits: { queue: 200 } });
    await until(() => tail.size === 1, 'the screen to join');
    await log.store.append('incident-a', someEvents(3_000, 'IncidentWorkNoteAdded'), 'any');
    let closed = false;
    void screen.ended.then(() => (closed = true));
    await until(() => sink.positions.length === 3_000 || closed, 'the burst to be told');
    expect(closed).toBe(false);
    expect(sink.positions).toHaveLength(3_000);
  });

  it('ends, naming the failure, when the tail’s subscription fails', async () => {
    const screen = await liveScreen();
    log.outage = true;
    await changeIncident(log.store, 'a', 1);
    await expect(screen.ended).resolves.toEqual({ reason: 'interrupted', error: new Error('The event store is unreachable') });
  });
});
