import { deciderSpec } from '../testing/decider-spec';
import { changeDecider } from './change-decider';
import type { ChangeConflict } from './conflicts';
import {
  HISTORIES,
  MANAGER,
  WINDOW,
  approveChange,
  authorizedBy,
  changeApproved,
  changeRaised,
  command,
  emergencyAssessed,
  event,
  scheduled,
  standardAuthorized,
} from '../testing/change-fixtures';

const { given } = deciderSpec(changeDecider);

const SLOT = { start: '2025-03-10T23:00:00.000Z', end: '2025-03-11T01:00:00.000Z' };
const SAME_CI: ChangeConflict = { kind: 'same_ci', changeId: 'CHG0030002', ciId: 'ci-payroll-db-01', window: SLOT };
const FREEZE: ChangeConflict = { kind: 'blackout', blackoutWindowId: 'BW-QUARTER-END', name: 'Quarter-end close', window: WINDOW };

const scheduleChange = (window = WINDOW, conflicts: readonly ChangeConflict[] = []) => command('ScheduleChange', { window, conflicts });
const emergencyAuthorized = [
  changeRaised('emergency'),
  emergencyAssessed,
  changeApproved('user:cto'),
  authorizedBy(['user:cto'], { group: 'ecab', required: 1 }),
];

describe('Scheduling a change', () => {
  it('schedules an authorized change in its window', () => {
    const state = given(HISTORIES.authorized).when(scheduleChange()).then([scheduled()]);
    expect(state).toMatchObject({ status: 'scheduled', scheduledWindow: WINDOW });
  });

  it('pins a slot within the authorized window', () => {
    given(HISTORIES.authorized).when(scheduleChange(SLOT)).then([scheduled(SLOT)]);
  });

  it('records the conflicts it was given, without refusing them: people weigh overlaps', () => {
    given(HISTORIES.authorized)
      .when(scheduleChange(WINDOW, [SAME_CI]))
      .then([event('ChangeScheduled', { window: WINDOW, conflicts: [SAME_CI], blackoutOverride: false })]);
  });

  it('reschedules a scheduled change, recording the conflicts found for the new slot', () => {
    const state = given(HISTORIES.scheduled)
      .when(scheduleChange(SLOT, [SAME_CI]))
      .then([event('ChangeScheduled', { window: SLOT, conflicts: [SAME_CI], blackoutOverride: false })]);
    expect(state).toMatchObject({ status: 'scheduled', scheduledWindow: SLOT });
  });

  it('schedules a standard change, authorized by its template', () => {
    const standard = [changeRaised('standard'), standardAuthorized];
    given(standard).when(scheduleChange()).then([scheduled()]);
  });

  describe('into a blackout window', () => {
    it.each([
      ['a normal change', HISTORIES.authorized],
      ['a standard change', [changeRaised('standard'), standardAuthorized]],
    ])('is refused for %s', (_case, history) => {
      const error = given(history).when(scheduleChange(WINDOW, [SAME_CI, FREEZE])).thenThrows('change.blackout_window', 'not_allowed');
      expect(error.details).toEqual({ field: 'window', blackoutWindowIds: ['BW-QUARTER-END'] });
    });

    it('is allowed for an emergency change, recorded as an override with the blackout', () => {
      given(emergencyAuthorized)
        .when(scheduleChange(WINDOW, [FREEZE]))
        .then([event('ChangeScheduled', { window: WINDOW, conflicts: [FREEZE], blackoutOverride: true })]);
    });
  });

  it.each([
    ['starts before the authorized window', { start: '2025-03-10T21:00:00.000Z', end: WINDOW.end }],
    ['ends after it', { start: WINDOW.start, end: '2025-03-11T03:00:00.000Z' }],
    ['is another day', { start: '2025-03-17T22:00:00.000Z', end: '2025-03-18T02:00:00.000Z' }],
  ])('is refused when the slot %s: moving it is an edit, asked again', (_case, window) => {
    const error = given(HISTORIES.authorized).when(scheduleChange(window)).thenThrows('change.window_not_authorized', 'not_allowed');
    expect(error.details).toEqual({ field: 'window', window, authorizedWindow: WINDOW });
  });

  it('is refused for an invalid slot', () => {
    given(HISTORIES.authorized)
      .when(scheduleChange({ start: WINDOW.end, end: WINDOW.start }))
      .thenThrows('change.invalid_window', 'not_allowed');
  });

  it('is refused when the conflicts are not a list of conflicts', () => {
    const error = given(HISTORIES.authorized).when(scheduleChange(WINDOW, [{}] as never)).thenThrows('change.invalid_field', 'not_allowed');
    expect(error.details).toEqual({ field: 'conflicts' });
  });

  it.each([
    ['a draft', HISTORIES.draft],
    ['a change awaiting authorization', HISTORIES.awaiting_authorization],
    ['an emergency change awaiting authorization', [changeRaised('emergency'), emergencyAssessed]],
  ])('is refused for %s: authorization comes first', (_case, history) => {
    given(history).when(scheduleChange()).thenThrows('change.not_authorized', 'conflict');
  });

  it('is refused once implementation has started', () => {
    given(HISTORIES.implementing).when(scheduleChange()).thenThrows('change.implementation_started', 'conflict');
  });

  it('follows authorization in one flow: approve, then schedule', () => {
    const state = given(HISTORIES.awaiting_authorization).when(approveChange(MANAGER, ['change-managers'])).then([
      changeApproved(MANAGER),
      authorizedBy([MANAGER]),
    ]);
    expect(changeDecider.decide(scheduleChange(), state)).toEqual([scheduled()]);
  });
});
