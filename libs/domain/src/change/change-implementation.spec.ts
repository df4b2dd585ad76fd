import { deciderSpec } from '../testing/decider-spec';
import { changeDecider } from './change-decider';
import {
  HISTORIES,
  IN_WINDOW,
  WINDOW,
  at,
  authorizedBy,
  changeApproved,
  changeRaised,
  command,
  emergencyAssessed,
  event,
  scheduled,
  standardAuthorized,
  started,
} from '../testing/change-fixtures';

const { given } = deciderSpec(changeDecider);

const BEFORE = '2025-03-10T21:59:59.999Z';
const startAt = (now: string) => command('StartImplementation', {}, at('user:linus', now));
const ECAB = { group: 'ecab', required: 1 };
const emergency = {
  draft: [changeRaised('emergency')],
  awaiting: [changeRaised('emergency'), emergencyAssessed],
  authorized: [changeRaised('emergency'), emergencyAssessed, changeApproved('user:cto'), authorizedBy(['user:cto'], ECAB)],
};
const flagged = (flagReasons: ('not_authorized' | 'outside_window')[]) =>
  event('ChangeImplementationStarted', { retrospectiveReviewRequired: true, flagReasons, reviewerGroup: 'ecab' });

describe('Starting implementation of a normal or standard change', () => {
  it.each([
    ['at the start of its window (inclusive)', WINDOW.start],
    ['within its window', IN_WINDOW],
  ])('starts %s, unflagged', (_case, now) => {
    const state = given(HISTORIES.scheduled).when(startAt(now)).then([started]);
    expect(state).toMatchObject({ status: 'implementing', retrospective: { retrospectiveReviewRequired: false } });
  });

  it('starts a standard change in its scheduled window', () => {
    given([changeRaised('standard'), standardAuthorized, scheduled()]).when(startAt(IN_WINDOW)).then([started]);
  });

  it.each([
    ['a draft', HISTORIES.draft],
    ['a change awaiting authorization', HISTORIES.awaiting_authorization],
  ])('is refused for %s: not authorized', (_case, history) => {
    given(history).when(startAt(IN_WINDOW)).thenThrows('change.not_authorized', 'conflict');
  });

  it.each([
    ['a normal', HISTORIES.authorized],
    ['a standard', [changeRaised('standard'), standardAuthorized]],
  ])('is refused for %s change authorized but not scheduled', (_case, history) => {
    given(history).when(startAt(IN_WINDOW)).thenThrows('change.not_scheduled', 'conflict');
  });

  it.each([
    ['a millisecond before the window', BEFORE],
    ['at its end (exclusive)', WINDOW.end],
    ['a day later', '2025-03-12T00:00:00.000Z'],
  ])('is refused %s', (_case, now) => {
    const error = given(HISTORIES.scheduled).when(startAt(now)).thenThrows('change.outside_window', 'not_allowed');
    expect(error.details).toEqual({ status: 'scheduled', now, window: WINDOW });
  });

  it('holds a standard change to its scheduled slot too', () => {
    given([changeRaised('standard'), standardAuthorized, scheduled()])
      .when(startAt(BEFORE))
      .thenThrows('change.outside_window', 'not_allowed');
  });

  it('uses the scheduled slot, not the wider authorized window', () => {
    const slot = { start: '2025-03-11T00:00:00.000Z', end: '2025-03-11T01:00:00.000Z' };
    given([...HISTORIES.authorized, scheduled(slot)]).when(startAt(IN_WINDOW)).thenThrows('change.outside_window', 'not_allowed');
  });

  it('is refused once started', () => {
    given(HISTORIES.implementing).when(startAt(IN_WINDOW)).thenThrows('change.implementation_started', 'conflict');
  });

  it('is refused with a malformed command time', () => {
    given(HISTORIES.scheduled).when(startAt('soon')).thenThrows('change.invalid_field', 'not_allowed');
  });
});

describe('Starting implementation of an emergency change', () => {
  it('starts unflagged when authorized and within its window, even unscheduled', () => {
    given(emergency.authorized).when(startAt(IN_WINDOW)).then([started]);
  });

  it('starts before authorization, flagged for a retrospective review by the emergency CAB', () => {
    const state = given(emergency.awaiting).when(startAt(IN_WINDOW)).then([flagged(['not_authorized'])]);
    expect(state).toMatchObject({
      status: 'implementing',
      retrospective: { retrospectiveReviewRequired: true, flagReasons: ['not_authorized'], reviewerGroup: 'ecab' },
    });
  });

  it('starts outside its window, flagged', () => {
    given(emergency.authorized).when(startAt(BEFORE)).then([flagged(['outside_window'])]);
    given([...emergency.authorized, scheduled()]).when(startAt(WINDOW.end)).then([flagged(['outside_window'])]);
  });

  it('records every rule a normal change would have broken', () => {
    given(emergency.awaiting).when(startAt(BEFORE)).then([flagged(['not_authorized', 'outside_window'])]);
  });

  it('is refused before assessment: the emergency CAB must be on record', () => {
    given(emergency.draft).when(startAt(IN_WINDOW)).thenThrows('change.not_assessed', 'conflict');
  });
});

describe('Completing implementation', () => {
  const complete = (data: { outcome: 'successful' | 'failed'; backoutPerformed?: boolean; notes?: string }) =>
    command('CompleteImplementation', { notes: 'Done.', ...data });

  it('records a success, with no backout', () => {
    const state = given(HISTORIES.implementing)
      .when(complete({ outcome: 'successful' }))
      .then([event('ChangeImplementationCompleted', { outcome: 'successful', backoutPerformed: null, notes: 'Done.' })]);
    expect(state).toMatchObject({ status: 'in_review', outcome: 'successful', backoutPerformed: null, review: null });
  });

  it.each([true, false])('records a failure and whether it was backed out (%p)', (backoutPerformed) => {
    given(HISTORIES.implementing)
      .when(complete({ outcome: 'failed', backoutPerformed }))
      .then([event('ChangeImplementationCompleted', { outcome: 'failed', backoutPerformed, notes: 'Done.' })]);
  });

  it('refuses a failure that does not say whether it was backed out', () => {
    const error = given(HISTORIES.implementing).when(complete({ outcome: 'failed' })).thenThrows('change.invalid_field', 'not_allowed');
    expect(error.details).toEqual({ field: 'backoutPerformed' });
  });

  it('refuses a success that claims a backout', () => {
    const error = given(HISTORIES.implementing)
      .when(complete({ outcome: 'successful', backoutPerformed: true }))
      .thenThrows('change.invalid_field', 'not_allowed');
    expect(error.details).toEqual({ field: 'backoutPerformed' });
  });

  it('refuses an unknown outcome, or blank notes', () => {
    given(HISTORIES.implementing).when(complete({ outcome: 'partial' as never })).thenThrows('change.invalid_field', 'not_allowed');
    given(HISTORIES.implementing).when(complete({ outcome: 'successful', notes: '' })).thenThrows('change.invalid_field', 'not_allowed');
  });

  it('keeps the retrospective flag of an emergency start', () => {
    const state = given([...emergency.awaiting, flagged(['not_authorized'])])
      .when(complete({ outcome: 'successful' }))
      .then([event('ChangeImplementationCompleted', { outcome: 'successful', backoutPerformed: null, notes: 'Done.' })]);
    expect(state).toMatchObject({ status: 'in_review', retrospective: { retrospectiveReviewRequired: true } });
  });

  it.each([
    ['scheduled', HISTORIES.scheduled],
    ['in review', HISTORIES.in_review],
  ])('is refused when the change is %s', (_case, history) => {
    given(history).when(complete({ outcome: 'successful' })).thenThrows('change.not_implementing', 'conflict');
  });
});
