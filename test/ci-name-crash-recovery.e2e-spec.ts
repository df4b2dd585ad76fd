import path from 'node:path';
import { randomUUID } from 'node:crypto';
import {
  ciNameDecider,
  configurationItemDecider,
  DEFAULT_CI_CLASS_CATALOGUE,
  fold,
  type CiNameEvent,
  type ConfigurationItemCommand,
  type ConfigurationItemEvent,
} from '@itsm/domain';
import { SqliteEventStore, type EventStore, type RecordedEvent } from '@itsm/event-store';
import { CiCommandProtocol, WritePath } from '@itsm/write-path';
import { http, Platform } from './support/platform-processes';

/**
 * CI commands write two streams (the name registry, then the CI), so a command-api killed between
 * the two leaves a name held by a CI that does not carry it. The projector's recovery finishes or
 * undoes such commands (ADR 12); these tests kill for real and check that no name stays held in
 * vain and no two CIs ever share one.
 */
jest.setTimeout(120_000);

const GRACE_MS = 300;

/** Names and CIs as the log has them: every name's holder, every live CI's name. */
async function ledger(store: EventStore) {
  const streams = new Map<string, RecordedEvent[]>();
  for (const event of await store.readAll()) streams.set(event.stream, [...(streams.get(event.stream) ?? []), event]);
  const holders = new Map<string, string>();
  const carried = new Map<string, string>();
  for (const [stream, events] of streams) {
    if (stream.startsWith('ci-name-')) {
      const name = fold(ciNameDecider, events as unknown as CiNameEvent[]);
      if (name.status === 'reserved') holders.set(name.normalisedName, name.ciId);
    } else if (stream.startsWith('ci-')) {
      const ci = fold(configurationItemDecider, events as unknown as ConfigurationItemEvent[]);
      if (ci.status !== 'none' && ci.status !== 'retired') carried.set(ci.ciId, ci.normalisedName);
    }
  }
  return { holders, carried };
}

/** No live CI carries a name it does not hold; `settled` also asks that no name is held in vain. */
function problems({ holders, carried }: Awaited<ReturnType<typeof ledger>>, settled: boolean): string[] {
  const found: string[] = [];
  for (const [ciId, name] of carried) if (holders.get(name) !== ciId) found.push(`${ciId} carries "${name}" held by ${holders.get(name) ?? 'nobody'}`);
  if (settled) for (const [name, ciId] of holders) if (carried.get(ciId) !== name) found.push(`"${name}" held by ${ciId}, which carries ${carried.get(ciId) ?? 'nothing'}`);
  return found;
}

async function eventuallySettled(store: EventStore): Promise<void> {
  const deadline = Date.now() + 30_000;
  let last: string[] = [];
  while (Date.now() < deadline) {
    last = problems(await ledger(store), true);
    if (last.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Names still wrong after recovery:\n${last.join('\n')}`);
}

const registration = (name: string) => ({ name, ciClass: 'server', attributes: {}, ownerGroup: 'infra', criticality: 2 });

describe('CI names after command-api crashes', () => {
  let platform: Platform;
  let store: SqliteEventStore;
  let token: string;

  beforeEach(async () => {
    platform = await Platform.start({ CI_NAME_RECOVERY_GRACE_MS: String(GRACE_MS) });
    store = SqliteEventStore.open({ filename: path.join(platform.dataDir, 'events.sqlite') });
    token = platform.token('alice', 'agent');
  });
  afterEach(async () => {
    await store.close();
    await platform.stop();
  });

  it('a registration whose command-api died after reserving the name is finished by the projector', async () => {
    const ciId = randomUUID();
    const command: ConfigurationItemCommand = {
      type: 'RegisterConfigurationItem',
      ciId,
      data: { ...registration('crashed-01'), criticality: 2, classCatalogue: DEFAULT_CI_CLASS_CATALOGUE },
      context: { actor: 'alice', now: new Date().toISOString() },
    };
    // A command-api that dies on its append to the CI stream: the name is reserved, the CI is not.
    const dying: EventStore = Object.create(store);
    dying.append = async (stream, ...rest) => (stream === `ci-${ciId}` ? Promise.reject(new Error('killed')) : store.append(stream, ...rest));
    const envelope = { commandId: randomUUID(), correlationId: 'crash', actor: 'alice', occurredAt: command.context.now };
    await expect(new CiCommandProtocol(new WritePath(dying, { conflictRetries: 0 })).execute(command, envelope, async () => command)).rejects.toThrow('killed');
    expect(problems(await ledger(store), true)).toEqual([`"crashed-01" held by ${ciId}, which carries nothing`]);

    await eventuallySettled(store);
    const head = (await store.headPosition()) as string;
    const ci = await http('GET', `${platform.url('query-api')}/cis/${ciId}?consistentWith=${head}`, { token });
    expect(ci).toMatchObject({ status: 200, body: { name: 'crashed-01', registeredBy: 'alice' } });
    expect((await store.readStream(`ci-${ciId}`)).map((event) => event.metadata.commandId)).toEqual([envelope.commandId]);
  });

  it('killed again and again under load, it leaves no name held in vain and never lets two CIs share one', async () => {
    const requests = Array.from({ length: 120 }, (_, i) => ({ key: `reg-${i}`, name: `host-${i}`, rename: `renamed-host-${i % 40}` }));
    const answered = new Map<string, number>();
    const send = async (request: (typeof requests)[number]) => {
      const answer = await http('POST', `${platform.url('command-api')}/cis`, { token, body: registration(request.name), headers: { 'idempotency-key': request.key } }).catch(() => null);
      if (answer) answered.set(request.key, answer.status);
      // Renames collide on purpose: three CIs want each "renamed-host-N".
      if (answer?.status === 201) {
        await http('POST', `${platform.url('command-api')}/cis/${String(answer.body.id)}/rename`, { token, body: { name: request.rename } }).catch(() => null);
      }
    };
    for (let round = 0; round < 4; round++) {
      const batch = requests.slice(round * 30, round * 30 + 30);
      const load = Promise.all(batch.map(send));
      await new Promise((resolve) => setTimeout(resolve, 40 + round * 30));
      await platform.kill('command-api');
      await load;
      expect(problems(await ledger(store), false)).toEqual([]);
      await platform.startApp('command-api');
    }
    await eventuallySettled(store);

    // Every client that got no answer retries with its key: each registration ends up recorded once.
    for (const request of requests.filter((r) => answered.get(r.key) !== 201)) await send(request);
    const registered = (await store.readAll()).filter((event) => event.type === 'ConfigurationItemRegistered');
    expect(new Set(registered.map((event) => (event.data as { name: string }).name)).size).toBe(registered.length);
    expect(registered).toHaveLength(requests.length);
    await eventuallySettled(store);
  });
});
