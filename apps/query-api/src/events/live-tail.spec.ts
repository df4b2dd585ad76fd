import type { ChangeMessage } from './change-feed';
import { LiveTail, type TailMember } from './live-tail';
import { changeIncident, FlakyStore, until } from './testing/feed-fakes';

/** A member that remembers what the tail told it. */
function aMember() {
  const told: ChangeMessage[] = [];
  const lost: Error[] = [];
  const member: TailMember = { change: (change) => told.push(change), lost: (error) => lost.push(error) };
  return { member, told, lost };
}

/** Issue 14: one subscription to the log per query API, shared by every open feed. */
describe('The live tail', () => {
  it('reads nothing until a feed joins, then one subscription serves every feed', async () => {
    const log = new FlakyStore();
    const tail = new LiveTail(log);
    expect(log.subscriptions).toHaveLength(0);
    const screens = [aMember(), aMember(), aMember()];
    const memberships = screens.map(({ member }) => tail.join(member));
    await Promise.all(memberships.map((membership) => membership.from));
    const [position] = await changeIncident(log.store, 'a', 1);
    await until(() => screens.every(({ told }) => told.length === 1), 'every screen to be told');
    expect(screens.map(({ told }) => told[0]?.position)).toEqual([position, position, position]);
    expect(log.subscriptions).toHaveLength(1);
  });

  it('stops with its last feed and starts again, from the head, with the next', async () => {
    const log = new FlakyStore();
    const tail = new LiveTail(log);
    const [first, second] = [tail.join(aMember().member), tail.join(aMember().member)];
    await first.from;
    first.leave();
    expect(log.subscriptions[0]?.aborted).toBe(false);
    second.leave();
    expect(log.subscriptions[0]?.aborted).toBe(true);
    expect(tail.size).toBe(0);
    const [head] = await changeIncident(log.store, 'a', 1);
    const next = aMember();
    expect(await tail.join(next.member).from).toBe(head);
    expect(log.subscriptions).toHaveLength(2);
  });

  it('tells a feed joining now its position: every change after it, none before', async () => {
    const log = new FlakyStore();
    const tail = new LiveTail(log);
    const early = aMember();
    await tail.join(early.member).from;
    await changeIncident(log.store, 'a', 3);
    await until(() => early.told.length === 3, 'the first three changes');
    const late = aMember();
    const from = await tail.join(late.member).from;
    expect(from).toBe(early.told[2]?.position);
    const [fourth] = await changeIncident(log.store, 'a', 1);
    await until(() => late.told.length === 1, 'the fourth change');
    expect(late.told.map((change) => change.position)).toEqual([fourth]);
  });

  it('tells every feed when its subscription fails (a store outage), and the next feed starts it afresh', async () => {
    const log = new FlakyStore();
    const tail = new LiveTail(log);
    const screens = [aMember(), aMember()];
    await Promise.all(screens.map(({ member }) => tail.join(member).from));
    log.outage = true;
    await changeIncident(log.store, 'a', 1);
    await until(() => screens.every(({ lost }) => lost.length === 1), 'every screen to be told of the outage');
    expect(screens[0]?.lost[0]?.message).toBe('The event store is unreachable');
    expect(tail.size).toBe(0);
    log.outage = false;
    const after = aMember();
    await tail.join(after.member).from;
    const [position] = await changeIncident(log.store, 'a', 1);
    await until(() => after.told.length === 1, 'the change after the outage');
    expect(after.told[0]?.position).toBe(position);
    expect(log.subscriptions).toHaveLength(2);
  });
});
