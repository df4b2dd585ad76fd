import { DomainError, type ConfigurationItemCommand } from '@itsm/domain';
import { MemoryEventStore, type EventStore } from '@itsm/event-store';
import { CI, context, envelope, failing, OTHER, register, rename, types } from '../testing/ci-protocol-fixtures';
import { WritePath } from '../write-path';
import { CiCommandProtocol } from './ci-command-protocol';

const run = (store: EventStore, command: ConfigurationItemCommand, commandId: string) =>
  new CiCommandProtocol(new WritePath(store, { conflictRetries: 3 })).execute(command, envelope(commandId), async () => command);

describe('CI commands inside the name protocol', () => {
  it('reserves with the intent before registering and, on rename, releases the old name after', async () => {
    const store = new MemoryEventStore();
    await run(store, register(CI, 'web-01'), 'c1');
    await run(store, rename('web-02'), 'c2');
    expect(await types(store, 'ci-name-web-01')).toEqual(['CiNameReserved', 'CiNameReleased']);
    expect(await types(store, 'ci-name-web-02')).toEqual(['CiNameReserved']);
    const [reserved] = await store.readStream('ci-name-web-02');
    expect(reserved?.data).toMatchObject({ intent: { commandId: 'c2', commandType: 'RenameConfigurationItem', ciRevision: 0, events: [{ type: 'ConfigurationItemRenamed' }] } });
    await expect(run(store, register(OTHER, 'WEB-02'), 'c3')).rejects.toMatchObject({ code: 'ci.name_taken' });
    expect(await types(store, `ci-${OTHER}`)).toEqual([]);
  });

  it('a retry completes a rename whose release was lost, appending nothing twice', async () => {
    const memory = new MemoryEventStore();
    await run(memory, register(CI, 'web-01'), 'c1');
    const flaky = failing(memory, 'ci-name-web-01');
    await expect(run(flaky, rename('web-02'), 'c2')).rejects.toThrow('connection lost');
    expect(await types(memory, 'ci-name-web-01')).toEqual(['CiNameReserved']);
    const outcome = await run(flaky, rename('web-02'), 'c2');
    expect(outcome.replayed).toBe(true);
    expect(await types(memory, 'ci-name-web-01')).toEqual(['CiNameReserved', 'CiNameReleased']);
    expect(await types(memory, `ci-${CI}`)).toEqual(['ConfigurationItemRegistered', 'ConfigurationItemRenamed']);
  });

  it('keeps the name when the CI append failed without saying whether it landed, and a retry completes it', async () => {
    const memory = new MemoryEventStore();
    await expect(run(failing(memory, `ci-${CI}`, 'after'), register(CI, 'web-01'), 'c1')).rejects.toThrow('connection lost');
    // It did land: giving the name back now would leave a CI carrying a free name.
    expect(await types(memory, 'ci-name-web-01')).toEqual(['CiNameReserved']);
    await expect(run(memory, register(CI, 'web-01'), 'c1')).resolves.toMatchObject({ replayed: true, revision: 0 });
    expect(await types(memory, `ci-${CI}`)).toEqual(['ConfigurationItemRegistered']);
  });

  it('undoes its reservation when another command got to the CI first, then decides again on the fresh state', async () => {
    const memory = new MemoryEventStore();
    await run(memory, register(CI, 'web-01'), 'c1');
    const racing: EventStore = Object.create(memory);
    let raced = false;
    racing.append = async (stream, ...rest) => {
      if (!raced && stream === `ci-${CI}`) {
        raced = true;
        await run(memory, { type: 'ChangeConfigurationItemOwnerGroup', ciId: CI, data: { ownerGroup: 'web-team' }, context }, 'rival');
      }
      return memory.append(stream, ...rest);
    };
    await run(racing, rename('web-02'), 'c2');
    expect(await types(memory, 'ci-name-web-02')).toEqual(['CiNameReserved', 'CiNameReleased', 'CiNameReserved']);
    expect((await memory.readStream('ci-name-web-02'))[2]?.data).toMatchObject({ intent: { commandId: 'c2', ciRevision: 1 } });
    expect(await types(memory, `ci-${CI}`)).toEqual(['ConfigurationItemRegistered', 'ConfigurationItemOwnerGroupChanged', 'ConfigurationItemRenamed']);
  });

  it('a name already taken leaves the request\'s key free for a corrected request', async () => {
    const store = new MemoryEventStore();
    await run(store, register(CI, 'web-01'), 'c1');
    await expect(run(store, register(OTHER, 'WEB-01'), 'c2')).rejects.toMatchObject({ code: 'ci.name_taken' });
    await expect(run(store, register(OTHER, 'web-02'), 'c2')).resolves.toMatchObject({ replayed: false });
    expect(await types(store, `ci-${OTHER}`)).toEqual(['ConfigurationItemRegistered']);
  });

  it('an invalid command holds no name', async () => {
    const store = new MemoryEventStore();
    const bad = { ...register(CI, 'web-01'), data: { ...register(CI, 'web-01').data, ciClass: 'spaceship' } } as ConfigurationItemCommand;
    await expect(run(store, bad, 'c1')).rejects.toBeInstanceOf(DomainError);
    expect(await types(store, 'ci-name-web-01')).toEqual([]);
  });
});
