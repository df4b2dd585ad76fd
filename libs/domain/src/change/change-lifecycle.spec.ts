import { fold } from '../shared/decider';
import { changeDecider } from './change-decider';
import type { ChangeCommand } from './change-commands';
import type { ChangeEvent } from './change-events';
import type { ChangeState } from './change-state';
import { detectConflicts } from './conflicts';
import {
  IN_WINDOW,
  MANAGER,
  WINDOW,
  approveChange,
  assessChange,
  at,
  command,
  raiseChange,
  raiseStandard,
} from '../testing/change-fixtures';

/** Decides each command against the state the previous ones led to, as a handler would. */
function run(commands: readonly ((state: ChangeState) => ChangeCommand)[]): { events: ChangeEvent[]; state: ChangeState } {
  const events: ChangeEvent[] = [];
  for (const next of commands) {
    const state = fold(changeDecider, events);
    events.push(...changeDecider.decide(next(state), state));
  }
  return { events, state: fold(changeDecider, events) };
}

const hashOfState = (state: ChangeState) => ('contentHash' in state ? state.contentHash : '');
const approveCurrent = (approver: string, groups: string[]) => (state: ChangeState) =>
  approveChange(approver, groups, { contentHash: hashOfState(state) });
const scheduleFromCalendar = (state: ChangeState) => {
  const details = 'details' in state ? state.details : { affectedCiIds: [], window: WINDOW };
  const conflicts = detectConflicts({ changeId: 'CHG0030001', affectedCiIds: details.affectedCiIds, window: details.window }, [], [], []);
  return command('ScheduleChange', { window: details.window, conflicts });
};
const delivery = [
  scheduleFromCalendar,
  () => command('StartImplementation', {}, at('user:linus', IN_WINDOW)),
  () => command('CompleteImplementation', { outcome: 'successful', notes: 'Upgraded.' }),
  () => command('RecordReview', { result: 'successful', notes: 'Quiet.' }, at(MANAGER)),
  () => command('CloseChange', {}),
];
const types = (events: readonly ChangeEvent[]) => events.map((e) => e.type);

describe('A change from raising to closure', () => {
  it('normal: draft → assessed → approved → authorized → scheduled → implemented → reviewed → closed', () => {
    const { events, state } = run([() => raiseChange(), () => assessChange(), approveCurrent(MANAGER, ['change-managers']), ...delivery]);
    expect(types(events)).toEqual([
      'ChangeRaised', 'ChangeAssessed', 'ChangeApproved', 'ChangeAuthorized', 'ChangeScheduled',
      'ChangeImplementationStarted', 'ChangeImplementationCompleted', 'ChangeReviewed', 'ChangeClosed',
    ]);
    expect(state.status).toBe('closed');
  });

  it('standard: raised authorized by its template, then delivered like any other', () => {
    const { events, state } = run([() => raiseStandard(), ...delivery]);
    expect(types(events).slice(0, 3)).toEqual(['ChangeRaised', 'ChangeAuthorized', 'ChangeScheduled']);
    expect(state.status).toBe('closed');
  });

  it('emergency: started before approval, closed only after the retrospective review', () => {
    const { events, state } = run([
      () => raiseChange('emergency'),
      () => assessChange(),
      () => command('StartImplementation', {}, at('user:linus', IN_WINDOW)),
      () => command('CompleteImplementation', { outcome: 'failed', backoutPerformed: true, notes: 'Backed out.' }),
      () => command('RecordReview', { result: 'unsuccessful', notes: 'Root cause elsewhere.' }, at(MANAGER)),
      () =>
        command('RecordRetrospectiveReview', { outcome: 'endorsed', notes: 'Outage justified it.', reviewerGroups: ['ecab'] }, at('user:cto')),
      () => command('CloseChange', {}),
    ]);
    const flag = { retrospectiveReviewRequired: true, flagReasons: ['not_authorized'], reviewerGroup: 'ecab' };
    expect(events[2]).toMatchObject({ type: 'ChangeImplementationStarted', data: flag });
    expect(state.status).toBe('closed');
  });

  it('normal, edited after authorization: asked again, then delivered', () => {
    const { events, state } = run([
      () => raiseChange(),
      () => assessChange(),
      approveCurrent(MANAGER, ['change-managers']),
      () => command('UpdateChange', { backoutPlan: 'Restore from snapshot.' }),
      approveCurrent(MANAGER, ['change-managers']),
      ...delivery,
    ]);
    expect(types(events).slice(4, 8)).toEqual(['ChangeUpdated', 'ApprovalsInvalidated', 'ChangeApproved', 'ChangeAuthorized']);
    expect(state.status).toBe('closed');
  });
});
