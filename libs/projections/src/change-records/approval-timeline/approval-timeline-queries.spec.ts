import type { ReadStore } from '@itsm/read-store';
import { readStoreAfter } from '../../testing/replay';
import { TestEventLog } from '../../testing/test-event-log';
import { changeHistory } from '../testing/change-history';
import { approvalTimelineProjection } from './approval-timeline-projection';
import { findApprovalTimeline } from './approval-timeline-queries';

/** CHG1 approved by a1…a5 in turn; CHG2 approved once, between them. */
async function twoChanges(): Promise<ReadStore> {
  const log = new TestEventLog();
  changeHistory(log, 'CHG1').raised();
  changeHistory(log, 'CHG2').raised();
  for (let i = 1; i <= 5; i++) {
    changeHistory(log, 'CHG1').approved(`a${i}`, i);
    if (i === 2) changeHistory(log, 'CHG2').approved('other', 1);
  }
  return readStoreAfter(approvalTimelineProjection, log.events);
}

const actorsOf = (page: { items: readonly { actor: string }[] }): string[] => page.items.map((line) => line.actor);

describe('approval timeline queries', () => {
  let store: ReadStore;
  beforeEach(async () => (store = await twoChanges()));

  it('pages one change’s timeline oldest first, each line once', async () => {
    const first = await findApprovalTimeline(store, 'CHG1', { limit: 3 });
    const second = await findApprovalTimeline(store, 'CHG1', { limit: 3, cursor: first.nextCursor });
    expect([actorsOf(first), actorsOf(second)]).toEqual([['a1', 'a2', 'a3'], ['a4', 'a5']]);
    expect(second.nextCursor).toBeNull();
  });

  it('pages newest first when asked: the latest decision is the first line', async () => {
    const first = await findApprovalTimeline(store, 'CHG1', { limit: 1, order: 'desc' });
    expect(actorsOf(first)).toEqual(['a5']);
    expect(actorsOf(await findApprovalTimeline(store, 'CHG1', { limit: 10, order: 'desc', cursor: first.nextCursor }))).toEqual(['a4', 'a3', 'a2', 'a1']);
  });

  it('keeps changes apart', async () => {
    expect(actorsOf(await findApprovalTimeline(store, 'CHG2', { limit: 10 }))).toEqual(['other']);
    expect((await findApprovalTimeline(store, 'CHG9', { limit: 10 })).items).toEqual([]);
  });
});
