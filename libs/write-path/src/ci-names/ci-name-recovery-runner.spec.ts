import { sealEvents, MemoryEventStore, type EventStore } from '@itsm/event-store';
import type { ConfigurationItemCommand } from '@itsm/domain';
import { CI, context, envelope, failing, OTHER, register, rename, types } from '../testing/ci-protocol-fixtures';
import { WritePath } from '../write-path';
import { CiCommandProtocol } from './ci-command-protocol';
import { CiNameRecoveryRunner, RECOVERY_ACTOR } from './ci-name-recovery-runner';

const NOW = new Date('2026-03-02T09:00:00.000Z');
const retire: ConfigurationItemCommand = { type: 'RetireConfigurationItem', ciId: CI, data: { reason: 'Gone' }, context };

const protocolOn = (store: EventStore) => new CiCommandProtocol(new WritePath(store, { conflictRetries: 3 }));
const run = (store: EventStore, command: ConfigurationItemCommand, commandId: string) => protocolOn(store).execute(command, envelope(commandId), async () => command);
const recovery = (store: EventStore) => {
  const writer = new WritePath(store, { conflictRetries: 0 });
  return new CiNameRecoveryRunner(writer, new CiCommandProtocol(writer));
};

/** The command-api dies on its next append to `stream`: that append and everything after it never happen. */
async function dyingBefore(store: EventStore, stream: string, command: ConfigurationItemCommand, commandId: string): Promise<void> {
  await expect(run(failing(store, stream, 'before', Infinity), command, commandId)).rejects.toThrow('connection lost');
}

describe('Recovery of names a crash left held', () => {
  let store: MemoryEventStore;
  beforeEach(() => (store = new MemoryEventStore()));

  it('finishes a registration whose command-api died after reserving: the CI is registered with exactly the decided events', async () => {
    await dyingBefore(store, `ci-${CI}`, register(CI, 'web-01'), 'c1');
    expect(await types(store, `ci-${CI}`)).toEqual([]);
    await expect(recovery(store).recover('web-01', NOW)).resolves.toBe('completed');
    const [registered] = await store.readStream(`ci-${CI}`);
    expect(registered?.metadata).toMatchObject({ commandId: 'c1', actor: 'alice', commandType: 'RegisterConfigurationItem' });
    await expect(recovery(store).recover('web-01', NOW)).resolves.toBe('none');
    // The client's retry of the same request now finds it done.
    await expect(run(store, register(CI, 'web-01'), 'c1')).resolves.toMatchObject({ replayed: true, revision: 0 });
    expect(await types(store, `ci-${CI}`)).toEqual(['ConfigurationItemRegistered']);
  });

  it('finishes a rename the same way, including the release of the old name', async () => {
    await run(store, register(CI, 'web-01'), 'c1');
    await dyingBefore(store, `ci-${CI}`, rename('web-02'), 'c2');
    await expect(recovery(store).recover('web-02', NOW)).resolves.toBe('completed');
    expect(await types(store, `ci-${CI}`)).toEqual(['ConfigurationItemRegistered', 'ConfigurationItemRenamed']);
    expect(await types(store, 'ci-name-web-01')).toEqual(['CiNameReserved', 'CiNameReleased']);
  });

  it('releases the old name of a rename whose command-api died after appending it', async () => {
    await run(store, register(CI, 'web-01'), 'c1');
    await dyingBefore(store, 'ci-name-web-01', rename('web-02'), 'c2');
    await expect(recovery(store).recover('web-02', NOW)).resolves.toBe('none');
    await expect(recovery(store).recover('web-01', NOW)).resolves.toBe('released');
    const released = (await store.readStream('ci-name-web-01'))[1];
    expect(released).toMatchObject({ type: 'CiNameReleased', data: { reason: 'renamed' }, metadata: { actor: RECOVERY_ACTOR } });
    await expect(run(store, register(OTHER, 'web-01'), 'c3')).resolves.toMatchObject({ revision: 0 });
  });

  it('releases the name of a retirement whose release was lost', async () => {
    await run(store, register(CI, 'web-01'), 'c1');
    await dyingBefore(store, 'ci-name-web-01', retire, 'c2');
    await expect(recovery(store).recover('web-01', NOW)).resolves.toBe('released');
    expect((await store.readStream('ci-name-web-01'))[1]?.data).toMatchObject({ reason: 'retired' });
  });

  it('gives back the name of a command whose events can no longer land, because the CI moved on', async () => {
    await run(store, register(CI, 'web-01'), 'c1');
    await dyingBefore(store, `ci-${CI}`, rename('web-02'), 'c2');
    await run(store, { type: 'ChangeConfigurationItemOwnerGroup', ciId: CI, data: { ownerGroup: 'web-team' }, context }, 'c3');
    await expect(recovery(store).recover('web-02', NOW)).resolves.toBe('released');
    expect((await store.readStream('ci-name-web-02'))[1]?.data).toMatchObject({ reason: 'abandoned' });
    expect(await types(store, `ci-${CI}`)).toEqual(['ConfigurationItemRegistered', 'ConfigurationItemOwnerGroupChanged']);
  });

  it('gives back a name reserved before intents were recorded by a CI that never registered', async () => {
    const legacy = sealEvents({
      stream: 'ci-name-web-01',
      events: [{ type: 'CiNameReserved', data: { normalisedName: 'web-01', name: 'web-01', ciId: CI } }],
      previousHash: null,
      schemaVersion: 1,
      context: { actor: 'alice', occurredAt: NOW.toISOString(), commandId: 'old/name-before-0', commandType: 'ReserveCiName', correlationId: 'old', causationId: 'old' },
    });
    await store.append('ci-name-web-01', legacy, 'no_stream');
    await expect(recovery(store).recover('web-01', NOW)).resolves.toBe('released');
    await expect(run(store, register(OTHER, 'web-01'), 'c2')).resolves.toMatchObject({ revision: 0 });
  });

  it('does not release a name reserved again after it looked: its release is made at the revision it read', async () => {
    await run(store, register(CI, 'web-01'), 'c1');
    await dyingBefore(store, 'ci-name-web-01', rename('web-02'), 'c2');
    // After recovery has read the name and the CI, the CI is renamed back and reserves the name again.
    const meddling: EventStore = Object.create(store);
    let meddled = false;
    meddling.readStream = async (stream, options) => {
      if (!meddled && stream === `ci-${CI}` && options?.max === 1) {
        meddled = true;
        await run(store, rename('web-01'), 'c3');
      }
      return store.readStream(stream, options);
    };
    await expect(recovery(meddling).recover('web-01', NOW)).resolves.toBe('conflict');
    expect(await types(store, 'ci-name-web-01')).toEqual(['CiNameReserved', 'CiNameReserved']);
    await expect(recovery(store).recover('web-01', NOW)).resolves.toBe('none');
  });

  it('when recovery and a slow command-api both finish the same command, its events are recorded once', async () => {
    await dyingBefore(store, `ci-${CI}`, register(CI, 'web-01'), 'c1');
    await Promise.all([recovery(store).recover('web-01', NOW), run(store, register(CI, 'web-01'), 'c1')]);
    expect(await types(store, `ci-${CI}`)).toEqual(['ConfigurationItemRegistered']);
    expect(await types(store, 'ci-name-web-01')).toEqual(['CiNameReserved']);
  });
});
