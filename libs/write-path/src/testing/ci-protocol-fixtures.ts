import { DEFAULT_CI_CLASS_CATALOGUE, type ConfigurationItemCommand } from '@itsm/domain';
import type { EventStore } from '@itsm/event-store';
import type { CommandEnvelope } from '../command-envelope';

/** Builders for the CI protocol and recovery specs. */
export const CI = '11111111-1111-4111-8111-111111111111';
export const OTHER = '22222222-2222-4222-8222-222222222222';
export const context = { actor: 'alice', now: '2026-03-02T08:30:00.000Z' };
export const envelope = (commandId: string): CommandEnvelope => ({ commandId, correlationId: commandId, actor: 'alice', occurredAt: context.now, repeatable: 'key' });
export const register = (ciId: string, name: string): ConfigurationItemCommand => ({
  type: 'RegisterConfigurationItem',
  ciId,
  data: { name, ciClass: 'server', attributes: {}, ownerGroup: 'infra', criticality: 2, classCatalogue: DEFAULT_CI_CLASS_CATALOGUE },
  context,
});
export const rename = (name: string, ciId = CI): ConfigurationItemCommand => ({ type: 'RenameConfigurationItem', ciId, data: { name }, context });

/** A store whose appends to a matching stream fail as `failure` says, as a crash or a lost answer would. */
export function failing(store: EventStore, stream: string, failure: 'before' | 'after' = 'before', times = 1): EventStore {
  let left = times;
  const flaky: EventStore = Object.create(store);
  flaky.append = async (target, ...rest) => {
    if (left <= 0 || target !== stream) return store.append(target, ...rest);
    left -= 1;
    if (failure === 'after') await store.append(target, ...rest);
    throw new Error('connection lost');
  };
  return flaky;
}

export const types = async (store: EventStore, stream: string) => (await store.readStream(stream)).map((event) => event.type);
