import { MemoryEventStore, type EventStore } from '@itsm/event-store';
import { ciNameClaimsProjection } from '@itsm/projections';
import { CiCommandProtocol, CiNameRecoveryRunner, WritePath } from '@itsm/write-path';
import { readStoreAfter } from '../../../libs/projections/src/testing/replay';
import { CI, envelope, failing, OTHER, register, rename, types } from '../../../libs/write-path/src/testing/ci-protocol-fixtures';
import { CiNameRecoverySweep } from './ci-name-recovery.sweep';

const COMMANDS_AT = Date.parse('2026-03-02T08:30:00.000Z');
const quiet = { log: () => undefined, error: () => undefined };

async function crashedCommands(): Promise<MemoryEventStore> {
  const store = new MemoryEventStore();
  const run = (on: EventStore, command: Parameters<CiCommandProtocol['execute']>[0], id: string) =>
    new CiCommandProtocol(new WritePath(on, { conflictRetries: 0 })).execute(command, envelope(id), async () => command);
  // Died after reserving "web-01", before registering CI.
  await run(failing(store, `ci-${CI}`, 'before', Infinity), register(CI, 'web-01'), 'c1').catch(() => undefined);
  // Registered OTHER as "db-01", renamed it to "db-02", died before releasing "db-01".
  await run(store, register(OTHER, 'db-01'), 'c2');
  await run(failing(store, 'ci-name-db-01', 'before', Infinity), rename('db-02', OTHER), 'c3').catch(() => undefined);
  return store;
}

function sweepOf(store: MemoryEventStore, reads: Awaited<ReturnType<typeof readStoreAfter>>, secondsAfter: number, graceMs = 30_000) {
  const writer = new WritePath(store, { conflictRetries: 0 });
  const recovery = new CiNameRecoveryRunner(writer, new CiCommandProtocol(writer));
  return new CiNameRecoverySweep(reads, recovery, { graceMs, clock: () => new Date(COMMANDS_AT + secondsAfter * 1000), logger: quiet });
}

describe('CI name recovery in the projector', () => {
  it('leaves names alone during the grace period, then finishes or undoes what the crashes left', async () => {
    const store = await crashedCommands();
    const reads = await readStoreAfter(ciNameClaimsProjection, await store.readAll());
    expect(await sweepOf(store, reads, 10).sweepOnce()).toEqual(new Map());
    expect(await sweepOf(store, reads, 60).sweepOnce()).toEqual(new Map([['web-01', 'completed'], ['db-01', 'released']]));
    expect(await types(store, `ci-${CI}`)).toEqual(['ConfigurationItemRegistered']);
    expect(await types(store, 'ci-name-db-01')).toEqual(['CiNameReserved', 'CiNameReleased']);
  });

  it('a second sweep, or a second projector, changes nothing more', async () => {
    const store = await crashedCommands();
    const reads = await readStoreAfter(ciNameClaimsProjection, await store.readAll());
    await Promise.all([sweepOf(store, reads, 60).sweepOnce(), sweepOf(store, reads, 60).sweepOnce()]);
    const head = await store.headPosition();
    await sweepOf(store, reads, 120).sweepOnce();
    expect(await store.headPosition()).toBe(head);
    expect(await types(store, `ci-${CI}`)).toEqual(['ConfigurationItemRegistered']);
  });
});
