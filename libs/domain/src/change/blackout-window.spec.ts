import { DomainError } from '../shared/domain-error';
import { deciderSpec } from '../testing/decider-spec';
import { blackoutWindowDecider } from './blackout-window-decider';
import { BLACKOUT_WINDOW_ERROR_CODES } from './blackout-window-errors';
import type { CiStatuses } from '../configuration-item/ci-references';
import { withCiStatuses } from '../testing/ci-statuses';
import {
  BLACKOUT_WINDOW_EVENT_TYPES,
  BLACKOUT_WINDOW_STREAM_PREFIX,
  blackoutWindowStream,
  type BlackoutDefinition,
  type BlackoutWindowCommand,
  type BlackoutWindowEvent,
} from './blackout-window-events';

const { given } = deciderSpec(blackoutWindowDecider);

const ID = 'BW-2025-Q1';
const context = { actor: 'user:ken', now: '2025-03-01T08:00:00.000Z' };
const QUARTER_END = { start: '2025-03-28T00:00:00.000Z', end: '2025-04-02T00:00:00.000Z' };
const DEFINITION: BlackoutDefinition = {
  name: 'Quarter-end close',
  window: QUARTER_END,
  scope: { kind: 'cis', ciIds: ['ci-erp', 'ci-ledger-db'] },
  reason: 'Finance closes the books.',
};

const scopedCis = (scope: unknown) => (scope as { ciIds?: unknown } | undefined)?.ciIds;
const define = (data: Partial<BlackoutDefinition> & { ciStatuses?: CiStatuses } = {}): BlackoutWindowCommand => ({
  type: 'DefineBlackoutWindow', blackoutWindowId: ID, data: withCiStatuses({ ...DEFINITION, ...data }, scopedCis(data.scope ?? DEFINITION.scope)), context,
});
const change = (data: Partial<BlackoutDefinition> & { ciStatuses?: CiStatuses }): BlackoutWindowCommand => ({
  type: 'ChangeBlackoutWindow', blackoutWindowId: ID, data: withCiStatuses(data, scopedCis(data.scope)), context,
});
const withdraw = (reason = 'Close moved to April.'): BlackoutWindowCommand => ({
  type: 'WithdrawBlackoutWindow', blackoutWindowId: ID, data: { reason }, context,
});

const defined: BlackoutWindowEvent = { type: 'BlackoutWindowDefined', data: { blackoutWindowId: ID, ...DEFINITION } };
const withdrawn: BlackoutWindowEvent = { type: 'BlackoutWindowWithdrawn', data: { blackoutWindowId: ID, reason: 'Close moved to April.' } };

describe('Defining a blackout window', () => {
  it('records its name, window, scope and reason', () => {
    const state = given([]).when(define()).then([defined]);
    expect(state).toEqual({ status: 'defined', blackoutWindowId: ID, definition: DEFINITION });
  });

  it('records a CI scope as a set and a window in canonical UTC', () => {
    given([])
      .when(
        define({
          scope: { kind: 'cis', ciIds: ['ci-ledger-db', 'ci-erp', 'ci-erp'] },
          window: { start: '2025-03-28T01:00:00+01:00', end: QUARTER_END.end },
        }),
      )
      .then([defined]);
  });

  it('freezes everything with scope all', () => {
    const everything: BlackoutWindowEvent = {
      type: 'BlackoutWindowDefined',
      data: { blackoutWindowId: ID, ...DEFINITION, scope: { kind: 'all' } },
    };
    given([]).when(define({ scope: { kind: 'all' } })).then([everything]);
  });

  it.each([
    ['a blank name', { name: ' ' }, 'name'],
    ['a blank reason', { reason: '' }, 'reason'],
    ['an unknown scope', { scope: { kind: 'some' } as never }, 'scope.kind'],
    ['a CI scope with no CIs', { scope: { kind: 'cis', ciIds: [] } as never }, 'scope.ciIds'],
  ])('is refused with %s', (_case, data, field) => {
    const error = given([]).when(define(data)).thenThrows('blackout_window.invalid_field', 'not_allowed');
    expect(error.details).toMatchObject({ field });
  });

  it('is refused with a CI in its scope that was never registered or is retired: the blackout would protect nothing', () => {
    const unknown = given([]).when(define({ ciStatuses: { 'ci-erp': 'in_use' } })).thenThrows('blackout_window.ci_unknown', 'not_allowed');
    expect(unknown.details).toEqual({ field: 'scope.ciIds', ciId: 'ci-ledger-db' });
    given([]).when(define({ ciStatuses: { 'ci-erp': 'in_use', 'ci-ledger-db': 'retired' } })).thenThrows('blackout_window.ci_retired', 'not_allowed');
    const many = Array.from({ length: 201 }, (_, i) => `ci-${i}`);
    given([]).when(define({ scope: { kind: 'cis', ciIds: many } })).thenThrows('blackout_window.too_many_cis', 'not_allowed');
  });

  it('is refused with a window that does not end after it starts', () => {
    given([])
      .when(define({ window: { start: QUARTER_END.end, end: QUARTER_END.start } }))
      .thenThrows('blackout_window.invalid_window', 'not_allowed');
  });

  it.each([
    ['defined', [defined]],
    ['withdrawn', [defined, withdrawn]],
  ])('is refused when it already exists (%s)', (_case, history) => {
    given(history).when(define()).thenThrows('blackout_window.already_exists', 'conflict');
  });
});

describe('Changing a blackout window', () => {
  it('records the whole definition after the change, and which fields moved', () => {
    const window = { start: '2025-03-27T00:00:00.000Z', end: QUARTER_END.end };
    const state = given([defined])
      .when(change({ window, scope: { kind: 'all' } }))
      .then([
        {
          type: 'BlackoutWindowChanged',
          data: { blackoutWindowId: ID, changedFields: ['window', 'scope'], ...DEFINITION, window, scope: { kind: 'all' } },
        },
      ]);
    expect(state).toMatchObject({ definition: { window, scope: { kind: 'all' } } });
  });

  it('is refused when nothing would change', () => {
    given([defined]).when(change({})).thenThrows('blackout_window.unchanged', 'not_allowed');
    given([defined])
      .when(change({ name: DEFINITION.name, scope: { kind: 'cis', ciIds: ['ci-ledger-db', 'ci-erp'] } }))
      .thenThrows('blackout_window.unchanged', 'not_allowed');
  });

  it('is refused with an invalid value', () => {
    given([defined]).when(change({ name: '' })).thenThrows('blackout_window.invalid_field', 'not_allowed');
  });
});

describe('Withdrawing a blackout window', () => {
  it('records why the freeze is lifted', () => {
    const state = given([defined]).when(withdraw()).then([withdrawn]);
    expect(state).toEqual({ status: 'withdrawn', blackoutWindowId: ID });
  });

  it('needs a reason', () => {
    given([defined]).when(withdraw('')).thenThrows('blackout_window.invalid_field', 'not_allowed');
  });
});

describe('Rules for every blackout window command', () => {
  const later = [change({ name: 'Year-end' }), withdraw()];

  it.each(later.map((c) => [c.type, c] as const))('%s is refused when never defined, and once withdrawn', (_type, cmd) => {
    given([]).when(cmd).thenThrows('blackout_window.not_found', 'not_found');
    given([defined, withdrawn]).when(cmd).thenThrows('blackout_window.withdrawn', 'conflict');
  });

  it('only throws listed codes, with their listed kinds', () => {
    for (const history of [[], [defined], [defined, withdrawn]]) {
      for (const cmd of [define(), define({ name: '' }), ...later, change({})]) {
        try {
          blackoutWindowDecider.decide(cmd, given(history).state);
        } catch (error) {
          expect(error).toBeInstanceOf(DomainError);
          const { code, kind } = error as DomainError;
          expect(BLACKOUT_WINDOW_ERROR_CODES[code as keyof typeof BLACKOUT_WINDOW_ERROR_CODES]?.kind).toBe(kind);
        }
      }
    }
  });

  it('evolves stray facts without throwing, leaving the state as it was', () => {
    const changed: BlackoutWindowEvent = {
      type: 'BlackoutWindowChanged',
      data: { blackoutWindowId: ID, changedFields: ['name'], ...DEFINITION },
    };
    expect(blackoutWindowDecider.evolve({ status: 'none' }, changed)).toEqual({ status: 'none' });
    expect(blackoutWindowDecider.evolve({ status: 'none' }, withdrawn)).toEqual({ status: 'none' });
    expect(given([defined, withdrawn]).state).toEqual(blackoutWindowDecider.evolve(given([defined, withdrawn]).state, changed));
  });

  it('lives in its own stream, blackout-window-<id>', () => {
    expect(blackoutWindowStream(ID)).toBe('blackout-window-BW-2025-Q1');
    expect(blackoutWindowStream(ID).startsWith(BLACKOUT_WINDOW_STREAM_PREFIX)).toBe(true);
    expect(BLACKOUT_WINDOW_EVENT_TYPES).toHaveLength(3);
  });
});
