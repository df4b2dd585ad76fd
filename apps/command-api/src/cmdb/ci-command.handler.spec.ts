import type { AppConfig } from '@itsm/config';
import { DEFAULT_CI_CLASS_CATALOGUE, DomainError, type ConfigurationItemCommand } from '@itsm/domain';
import { MemoryEventStore, type EventStore } from '@itsm/event-store';
import type { CommandEnvelope } from '../commands/decide-and-append';
import { AggregateWriter } from '../commands/aggregate-writer';
import { CiCommandHandler, ExecuteCiCommand } from './ci-command.handler';

const CI = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';
const context = { actor: 'alice', now: '2026-03-02T08:30:00.000Z' };
const envelope = (commandId: string): CommandEnvelope => ({ commandId, correlationId: commandId, actor: 'alice', occurredAt: context.now });
const register = (ciId: string, name: string): ConfigurationItemCommand => ({
  type: 'RegisterConfigurationItem',
  ciId,
  data: { name, ciClass: 'server', attributes: {}, ownerGroup: 'infra', criticality: 2, classCatalogue: DEFAULT_CI_CLASS_CATALOGUE },
  context,
});
const rename = (name: string): ConfigurationItemCommand => ({ type: 'RenameConfigurationItem', ciId: CI, data: { name }, context });

/** A store whose next append to a matching stream fails once, as a crash between two steps would. */
function failingOnce(store: EventStore, streamPrefix: string): EventStore {
  let armed = true;
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property !== 'append') return Reflect.get(target, property, receiver) as unknown;
      return (stream: string, ...rest: unknown[]) => {
        if (armed && stream.startsWith(streamPrefix)) {
          armed = false;
          return Promise.reject(new Error('connection lost'));
        }
        return (target.append as (...args: unknown[]) => unknown)(stream, ...rest);
      };
    },
  });
}

const config = { commandConflictRetries: 3 } as AppConfig;
const types = async (store: EventStore, stream: string) => (await store.readStream(stream)).map((event) => event.type);

describe('CI commands inside the name protocol', () => {
  it('reserves before registering and, on rename, releases the old name after', async () => {
    const store = new MemoryEventStore();
    const handler = new CiCommandHandler(new AggregateWriter(store, config));
    await handler.execute(new ExecuteCiCommand(register(CI, 'web-01'), envelope('c1')));
    await handler.execute(new ExecuteCiCommand(rename('web-02'), envelope('c2')));
    expect(await types(store, 'ci-name-web-01')).toEqual(['CiNameReserved', 'CiNameReleased']);
    expect(await types(store, 'ci-name-web-02')).toEqual(['CiNameReserved']);
    await expect(handler.execute(new ExecuteCiCommand(register(OTHER, 'WEB-02'), envelope('c3')))).rejects.toMatchObject({ code: 'ci.name_taken' });
    expect(await types(store, `ci-${OTHER}`)).toEqual([]);
  });

  it('a retry completes a rename whose release was lost, appending nothing twice', async () => {
    const memory = new MemoryEventStore();
    await new CiCommandHandler(new AggregateWriter(memory, config)).execute(new ExecuteCiCommand(register(CI, 'web-01'), envelope('c1')));
    const flaky = new CiCommandHandler(new AggregateWriter(failingOnce(memory, 'ci-name-web-01'), config));
    await expect(flaky.execute(new ExecuteCiCommand(rename('web-02'), envelope('c2')))).rejects.toThrow('connection lost');
    expect(await types(memory, 'ci-name-web-01')).toEqual(['CiNameReserved']);
    const outcome = await flaky.execute(new ExecuteCiCommand(rename('web-02'), envelope('c2')));
    expect(outcome.replayed).toBe(true);
    expect(await types(memory, 'ci-name-web-01')).toEqual(['CiNameReserved', 'CiNameReleased']);
    expect(await types(memory, `ci-${CI}`)).toEqual(['ConfigurationItemRegistered', 'ConfigurationItemRenamed']);
  });

  it('gives a reserved name back when the CI events cannot be appended', async () => {
    const memory = new MemoryEventStore();
    const flaky = new CiCommandHandler(new AggregateWriter(failingOnce(memory, 'ci-1111'), config));
    await expect(flaky.execute(new ExecuteCiCommand(register(CI, 'web-01'), envelope('c1')))).rejects.toThrow('connection lost');
    expect(await types(memory, 'ci-name-web-01')).toEqual(['CiNameReserved', 'CiNameReleased']);
    await flaky.execute(new ExecuteCiCommand(register(CI, 'web-01'), envelope('c1')));
    expect(await types(memory, `ci-${CI}`)).toEqual(['ConfigurationItemRegistered']);
  });

  it('an invalid command holds no name', async () => {
    const store = new MemoryEventStore();
    const bad = { ...register(CI, 'web-01'), data: { ...register(CI, 'web-01').data, ciClass: 'spaceship' } } as ConfigurationItemCommand;
    await expect(new CiCommandHandler(new AggregateWriter(store, config)).execute(new ExecuteCiCommand(bad, envelope('c1')))).rejects.toBeInstanceOf(DomainError);
    expect(await types(store, 'ci-name-web-01')).toEqual([]);
  });
});
