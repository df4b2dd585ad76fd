import { MemoryEventStore, type Position } from '@itsm/event-store';
import { MemoryReadStore, type ReadStore } from '@itsm/read-store';
import { ALL_PROJECTIONS } from '../all-projections';
import { projectionKey, type AnyProjection } from '../shared/projection-key';
import { estateHistory } from '../testing/estate-history';
import { incidentHistory } from '../testing/incident-history';
import { appendAll, eventually, observed } from '../testing/runner-harness';
import { LogPass } from './log-pass';
import type { PassProjection, PassProjectionOptions } from './pass-projection';
import { allReached, perProjectionReadModels, readModels } from './testing/read-models';

/**
 * The one pass (ADR 22) against the path it replaced, a runner per projection, over the estate's
 * history (incidents, changes, CIs and their names, problems, SLA clocks, blackout windows, signed
 * log checkpoints: every event type a projection handles): the same documents, the same checkpoints.
 */
describe('LogPass: every projection fed from one read of the log', () => {
  const passes: PassProjection[][] = [];
  const stopAll = async () => {
    for (const members of passes.splice(0)) await Promise.all(members.map((member) => member.stop()));
  };
  afterEach(stopAll);

  async function estateLog(pageSize: number): Promise<MemoryEventStore> {
    const events = new MemoryEventStore({ pageSize });
    await appendAll(events, estateHistory().events);
    return events;
  }

  /** Every projection in one pass over `events`, landing in `store`. */
  function onePass(events: MemoryEventStore, store: ReadStore, options: PassProjectionOptions & { maxBatchSize: number; nearHeadEvents?: number }) {
    const pass = new LogPass(events, store, { nearHeadEvents: options.nearHeadEvents ?? 10 });
    const members = ALL_PROJECTIONS.map((projection) => pass.projection(projection, options));
    passes.push(members);
    return members;
  }

  it.each([
    ['pages of 3 events, batches of 2', 3, { maxBatchSize: 2 }],
    ['pages of 50, batches of 500, landing every 20 events read', 50, { maxBatchSize: 500, landEveryEvents: 20 }],
  ])('leaves the documents and checkpoints of the per-projection path (%s)', async (_case, pageSize, options) => {
    const events = await estateLog(pageSize);
    const expected = await perProjectionReadModels(events, new MemoryReadStore());
    const store = new MemoryReadStore();
    onePass(events, store, options).forEach((member) => member.start());
    await allReached(events, store);
    expect(await readModels(store)).toEqual(expected);
  });

  it('rebuilding from nothing, loads the documents first and builds the indexes once, at the head', async () => {
    const events = await estateLog(4);
    const head = (await events.headPosition()) as Position;
    const store = new MemoryReadStore();
    const steps: string[] = [];
    const recording: ReadStore = {
      ...observed(store).store,
      ensureCollection: async (definition) => {
        steps.push(`${definition.name} ${definition.indexes.length > 0 ? 'indexed' : 'bare'}`);
        await store.ensureCollection(definition);
      },
      applyBatches: async (batches) => {
        for (const { projection, checkpoint } of batches) steps.push(`${projection} ${checkpoint === head ? 'head' : 'batch'}`);
        await store.applyBatches(batches);
      },
    };
    onePass(events, recording, { maxBatchSize: 3 }).forEach((member) => member.start());
    await allReached(events, store);
    for (const projection of ALL_PROJECTIONS.filter((candidate) => candidate.collection.indexes.length > 0)) {
      const key = projectionKey(projection);
      const mine = steps.filter((step) => step.startsWith(`${key} `));
      expect(mine[0]).toBe(`${key} bare`);
      expect(mine.filter((step) => step === `${key} indexed`)).toHaveLength(1);
      expect(mine.indexOf(`${key} indexed`)).toBeGreaterThan(mine.lastIndexOf(`${key} batch`));
      expect(mine).toContain(`${key} head`);
    }
  });

  it('lands the projections due at the end of a page together, in one applyBatches, each at most once', async () => {
    const events = await estateLog(4);
    const store = new MemoryReadStore();
    const writes: string[][] = [];
    const recording: ReadStore = {
      ...observed(store).store,
      applyBatches: async (batches) => {
        writes.push(batches.map(({ projection }) => projection));
        await store.applyBatches(batches);
      },
    };
    onePass(events, recording, { maxBatchSize: 3 }).forEach((member) => member.start());
    await allReached(events, store);
    for (const projections of writes) expect(new Set(projections).size).toBe(projections.length);
    // Reaching the head, every projection lands (its checkpoint at least moves): all in the same write.
    expect(writes.some((projections) => projections.length === ALL_PROJECTIONS.length)).toBe(true);
  });

  it('when the store refuses one projection\'s batch, the others land without it, and it catches up once the store takes it', async () => {
    const events = await estateLog(4);
    const store = new MemoryReadStore();
    const refused = projectionKey(ALL_PROJECTIONS[0] as AnyProjection);
    let refusing = true;
    const refusingOne: ReadStore = {
      ...observed(store).store,
      applyBatches: async (batches) => {
        if (refusing && batches.some(({ projection }) => projection === refused)) throw new Error(`refused ${refused}`);
        await store.applyBatches(batches);
      },
    };
    const members = onePass(events, refusingOne, { maxBatchSize: 3, retry: { initialDelayMs: 5, maxDelayMs: 20 } });
    members.forEach((member) => member.start());
    await allReached(events, store, ALL_PROJECTIONS.slice(1));
    expect(await store.checkpoint(refused)).toBeNull();
    expect(members[0]?.status().lastError).toBe(`refused ${refused}`);

    refusing = false;
    await allReached(events, store);
    expect(await readModels(store)).toEqual(await perProjectionReadModels(events, new MemoryReadStore()));
  });

  it('resumes after a crash mid-rebuild from each checkpoint as stored, losing and repeating nothing', async () => {
    const events = await estateLog(4);
    const expected = await perProjectionReadModels(events, new MemoryReadStore());
    const durable = new MemoryReadStore();
    // The process dies after 40 batches have landed: from then on nothing it writes reaches the store.
    const dying = observed(durable);
    dying.onBatch(() => {
      if (dying.batches.length === 40) dying.failNext(Number.MAX_SAFE_INTEGER);
    });
    onePass(events, dying.store, { maxBatchSize: 3 }).forEach((member) => member.start());
    await eventually('the crash', () => dying.batches.length >= 40);
    await stopAll();

    const atCrash = await readModels(durable);
    const partial = Object.values(atCrash).filter(({ checkpoint }) => checkpoint !== expected[Object.keys(expected)[0] as string]?.checkpoint);
    expect(partial.length).toBeGreaterThan(0);
    // Each checkpoint covers exactly what landed with it: no document is ahead of its projection's checkpoint.
    for (const { checkpoint, documents } of Object.values(atCrash)) {
      for (const document of documents) expect(checkpoint !== null && document._position <= checkpoint).toBe(true);
    }

    const counted = observed(durable);
    onePass(events, counted.store, { maxBatchSize: 3 }).forEach((member) => member.start());
    await allReached(events, durable);
    expect(await readModels(durable)).toEqual(expected);
    // Read on from each stored checkpoint: no batch of the restart lands at or before it.
    for (const batch of counted.batches) expect(batch.checkpoint > ((atCrash[batch.projection]?.checkpoint ?? '') as Position)).toBe(true);
  });

  it('rebuilds a projection that starts from nothing beside read models at the head, which it does not hold up', async () => {
    const log = estateHistory();
    const events = new MemoryEventStore({ pageSize: 4 });
    await appendAll(events, log.events);
    const store = new MemoryReadStore();
    const rebuilt = ALL_PROJECTIONS.find((projection) => projection.handlesEveryType === true) as AnyProjection;
    const live = ALL_PROJECTIONS.filter((projection) => projection !== rebuilt);
    const gated = gate(store, projectionKey(rebuilt));
    const pass = new LogPass(events, gated.store, { nearHeadEvents: 10 });
    const members = ALL_PROJECTIONS.map((projection) => pass.projection(projection, { maxBatchSize: 3 }));
    passes.push(members);
    members.filter((member) => member.projection !== rebuilt).forEach((member) => member.start());
    await allReached(events, store, live);

    // The new version, say, rebuilds from the start and is stuck landing its first batch, while facts go on being recorded.
    members.find((member) => member.projection === rebuilt)?.start();
    await eventually('the rebuild to be landing', () => gated.waiting);
    const before = log.events.length;
    const later = incidentHistory(log, 'INC9');
    later.opened();
    later.workNoteAdded('recorded during the rebuild');
    await appendAll(events, log.events.slice(before));
    await allReached(events, store, live);

    gated.open();
    await allReached(events, store);
    expect(await readModels(store)).toEqual(await perProjectionReadModels(events, new MemoryReadStore()));
  });
});

/** A store whose batches for `key` wait until opened; every other write goes through. */
function gate(inner: ReadStore, key: string): { store: ReadStore; waiting: boolean; open(): void } {
  let release: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (release = resolve));
  const state = {
    waiting: false,
    open: () => release(),
    store: {
      ...observed(inner).store,
      applyBatches: async (batches: Parameters<ReadStore['applyBatches']>[0]) => {
        if (batches.some(({ projection }) => projection === key)) {
          state.waiting = true;
          await opened;
        }
        await inner.applyBatches(batches);
      },
    } satisfies ReadStore,
  };
  return state;
}
