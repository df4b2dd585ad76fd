import { ConcurrencyError, DuplicateEventIdError, EmptyAppendError, EventStore, ExpectedRevision } from '../event-store';
import { anEvent, someEvents } from './test-events';

/** Appending: expected revisions, idempotent retries, duplicate ids. */
export function describeAppendContract(store: () => EventStore, capabilities: { readonly eventIdsAcrossStreams: boolean }): void {
  async function expectRejectedWithNothingAppended(
    stream: string,
    attempt: () => Promise<unknown>,
    errorType: new (...args: never[]) => Error,
  ): Promise<void> {
    const streamBefore = await store().readStream(stream);
    const headBefore = await store().headPosition();
    await expect(attempt()).rejects.toBeInstanceOf(errorType);
    expect(await store().readStream(stream)).toEqual(streamBefore);
    expect(await store().headPosition()).toEqual(headBefore);
  }

  async function expectConcurrencyError(stream: string, expected: ExpectedRevision, actual: number): Promise<void> {
    const attempt = store().append(stream, [anEvent()], expected);
    await expect(attempt).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(attempt).rejects.toMatchObject({ stream, expected, actual, code: 'concurrency.wrong_expected_revision' });
  }

  describe('append', () => {
    it('answers with the revision of the stream\'s last event and its position, which reads confirm', async () => {
      const result = await store().append('order-1', someEvents(3), 'no_stream');
      const events = await store().readStream('order-1');
      expect(result).toEqual({ revision: 2, position: events[2].position });
      expect(events.map((event) => event.revision)).toEqual([0, 1, 2]);
    });

    it('stores type, data and metadata as given, with the stream, revision and a recording time', async () => {
      const event = anEvent('OrderPlaced', { total: 12.5, lines: [{ sku: 'a', qty: 2 }], note: null });
      await store().append('order-1', [event], 'no_stream');
      const [recorded] = await store().readStream('order-1');
      expect(recorded).toMatchObject({ ...event, stream: 'order-1', revision: 0 });
      expect(new Date(recorded.recordedAt).toISOString()).toBe(recorded.recordedAt);
    });

    it("'no_stream' succeeds on a new stream and fails once it exists (nothing appended)", async () => {
      await store().append('order-1', [anEvent()], 'no_stream');
      await expectConcurrencyError('order-1', 'no_stream', 0);
      await expectRejectedWithNothingAppended('order-1', () => store().append('order-1', [anEvent()], 'no_stream'), ConcurrencyError);
    });

    it("'exists' fails on a missing stream with actual -1 and succeeds once it exists", async () => {
      await expectConcurrencyError('order-1', 'exists', -1);
      expect(await store().readStream('order-1')).toEqual([]);
      await store().append('order-1', [anEvent()], 'any');
      await expect(store().append('order-1', [anEvent()], 'exists')).resolves.toMatchObject({ revision: 1 });
    });

    it('an exact revision succeeds when it is the revision of the last event and fails otherwise', async () => {
      await expectConcurrencyError('order-1', 0, -1);
      await store().append('order-1', someEvents(2), 'no_stream');
      await expectConcurrencyError('order-1', 0, 1);
      await expectConcurrencyError('order-1', 2, 1);
      await expectRejectedWithNothingAppended('order-1', () => store().append('order-1', [anEvent()], 5), ConcurrencyError);
      await expect(store().append('order-1', [anEvent()], 1)).resolves.toMatchObject({ revision: 2 });
    });

    it("'any' appends whatever the stream's state", async () => {
      await expect(store().append('order-1', [anEvent()], 'any')).resolves.toMatchObject({ revision: 0 });
      await expect(store().append('order-1', [anEvent()], 'any')).resolves.toMatchObject({ revision: 1 });
    });

    it('rejects an empty batch with EmptyAppendError', async () => {
      await expectRejectedWithNothingAppended('order-1', () => store().append('order-1', [], 'any'), EmptyAppendError);
    });

    it('gives each event a position after every earlier one, across streams', async () => {
      const first = await store().append('order-1', [anEvent()], 'any');
      const second = await store().append('order-2', [anEvent()], 'any');
      const third = await store().append('order-1', [anEvent()], 'any');
      expect(first.position < second.position && second.position < third.position).toBe(true);
    });

    it('of concurrent appends at the same exact revision, exactly one wins', async () => {
      await store().append('order-1', [anEvent()], 'no_stream');
      const attempts = await Promise.allSettled(Array.from({ length: 5 }, () => store().append('order-1', [anEvent()], 0)));
      const losers = attempts.filter((attempt) => attempt.status === 'rejected');
      expect(attempts.filter((attempt) => attempt.status === 'fulfilled')).toHaveLength(1);
      expect(losers.every((loser) => loser.reason instanceof ConcurrencyError)).toBe(true);
      expect(await store().readStream('order-1')).toHaveLength(2);
    });
  });

  describe('append retried with the same event ids', () => {
    it('returns the original result and appends nothing, at the same expected revision', async () => {
      const batch = someEvents(2);
      const original = await store().append('order-1', batch, 'no_stream');
      await expect(store().append('order-1', batch, 'no_stream')).resolves.toEqual(original);
      expect(await store().readStream('order-1')).toHaveLength(2);
    });

    it("returns the original result under 'any' or a stale revision after the stream moved on", async () => {
      await store().append('order-1', [anEvent()], 'no_stream');
      const batch = someEvents(2);
      const original = await store().append('order-1', batch, 0);
      await store().append('order-1', [anEvent()], 2);
      const head = await store().headPosition();
      await expect(store().append('order-1', batch, 'any')).resolves.toEqual(original);
      await expect(store().append('order-1', batch, 0)).resolves.toEqual(original);
      expect(await store().readStream('order-1')).toHaveLength(4);
      expect(await store().headPosition()).toEqual(head);
    });

    it('rejects a batch where only some ids exist (DuplicateEventIdError, nothing appended)', async () => {
      const [stored, fresh] = someEvents(2);
      await store().append('order-1', [stored], 'no_stream');
      await expectRejectedWithNothingAppended('order-1', () => store().append('order-1', [fresh, stored], 'any'), DuplicateEventIdError);
    });

    (capabilities.eventIdsAcrossStreams ? it : it.skip)('rejects ids already used in another stream', async () => {
      const batch = someEvents(2);
      await store().append('order-1', batch, 'no_stream');
      await expectRejectedWithNothingAppended('order-2', () => store().append('order-2', batch, 'any'), DuplicateEventIdError);
    });

    it('rejects ids already used in the stream in a different order', async () => {
      const batch = someEvents(2);
      await store().append('order-1', batch, 'no_stream');
      await expectRejectedWithNothingAppended('order-1', () => store().append('order-1', [batch[1], batch[0]], 'any'), DuplicateEventIdError);
    });

    it('rejects a batch that repeats an id within itself', async () => {
      const event = anEvent();
      await expectRejectedWithNothingAppended('order-1', () => store().append('order-1', [event, event], 'any'), DuplicateEventIdError);
    });

    it('rejects ids that match stored events but not one contiguous run', async () => {
      const [first, second] = someEvents(2);
      await store().append('order-1', [first], 'no_stream');
      await store().append('order-1', [anEvent()], 'any');
      await store().append('order-1', [second], 'any');
      await expectRejectedWithNothingAppended('order-1', () => store().append('order-1', [first, second], 'any'), DuplicateEventIdError);
    });
  });
}
