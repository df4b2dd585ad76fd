import { assertNever, type Decider } from '../shared/decider';
import { canonicalJson } from './content-hash';
import { blackoutFields, blackoutWindowError } from './blackout-window-errors';
import type {
  BlackoutDefinition,
  BlackoutScope,
  BlackoutWindowCommand,
  BlackoutWindowEvent,
  ChangeBlackoutWindow,
  DefineBlackoutWindow,
  WithdrawBlackoutWindow,
} from './blackout-window-events';
import { normalizeWindow, type TimeWindow } from './time-window';
import { ciReferenceMessage, MAX_CIS_PER_COMMAND, requireUsableCis, type CiStatuses } from '../configuration-item/ci-references';

export type BlackoutWindowState =
  | { readonly status: 'none' }
  | { readonly status: 'defined'; readonly blackoutWindowId: string; readonly definition: BlackoutDefinition }
  | { readonly status: 'withdrawn'; readonly blackoutWindowId: string };

export type DefinedBlackoutWindow = Extract<BlackoutWindowState, { status: 'defined' }>;

export const initialBlackoutWindowState: BlackoutWindowState = { status: 'none' };

/** Folds one recorded fact; a fact that cannot apply leaves the state unchanged. */
export function evolveBlackoutWindow(state: BlackoutWindowState, event: BlackoutWindowEvent): BlackoutWindowState {
  switch (event.type) {
    case 'BlackoutWindowDefined':
    case 'BlackoutWindowChanged': {
      const { blackoutWindowId, name, window, scope, reason } = event.data;
      if (event.type === 'BlackoutWindowChanged' && state.status !== 'defined') return state;
      return { status: 'defined', blackoutWindowId, definition: { name, window, scope, reason } };
    }
    case 'BlackoutWindowWithdrawn':
      return state.status === 'defined' ? { status: 'withdrawn', blackoutWindowId: event.data.blackoutWindowId } : state;
    default:
      return assertNever(event);
  }
}

export function decideBlackoutWindow(command: BlackoutWindowCommand, state: BlackoutWindowState): readonly BlackoutWindowEvent[] {
  switch (command.type) {
    case 'DefineBlackoutWindow':
      return define(command, state);
    case 'ChangeBlackoutWindow':
      return change(command, defined(state));
    case 'WithdrawBlackoutWindow':
      return withdraw(command, defined(state));
    default:
      return assertNever(command);
  }
}

export const blackoutWindowDecider: Decider<BlackoutWindowCommand, BlackoutWindowEvent, BlackoutWindowState> = {
  initialState: initialBlackoutWindowState,
  evolve: evolveBlackoutWindow,
  decide: decideBlackoutWindow,
};

function define(command: DefineBlackoutWindow, state: BlackoutWindowState): readonly BlackoutWindowEvent[] {
  if (state.status !== 'none') {
    throw blackoutWindowError('blackout_window.already_exists', undefined, { status: state.status });
  }
  const { name, window, scope, reason } = command.data;
  const definition: BlackoutDefinition = {
    name: blackoutFields.requireText('name', name),
    window: requireWindow(window),
    scope: requireScope(scope, command.data.ciStatuses),
    reason: blackoutFields.requireText('reason', reason),
  };
  return [{ type: 'BlackoutWindowDefined', data: { blackoutWindowId: command.blackoutWindowId, ...definition } }];
}

function change(command: ChangeBlackoutWindow, state: DefinedBlackoutWindow): readonly BlackoutWindowEvent[] {
  const { name, window, scope, reason } = command.data;
  const current = state.definition;
  const next: BlackoutDefinition = {
    name: name === undefined ? current.name : blackoutFields.requireText('name', name),
    window: window === undefined ? current.window : requireWindow(window),
    scope: scope === undefined ? current.scope : requireScope(scope, command.data.ciStatuses),
    reason: reason === undefined ? current.reason : blackoutFields.requireText('reason', reason),
  };
  const fields = ['name', 'window', 'scope', 'reason'] as const;
  const changedFields = fields.filter((field) => canonicalJson(next[field]) !== canonicalJson(current[field]));
  if (changedFields.length === 0) throw blackoutWindowError('blackout_window.unchanged');
  return [{ type: 'BlackoutWindowChanged', data: { blackoutWindowId: command.blackoutWindowId, changedFields, ...next } }];
}

function withdraw(command: WithdrawBlackoutWindow, _state: DefinedBlackoutWindow): readonly BlackoutWindowEvent[] {
  const reason = blackoutFields.requireText('reason', command.data.reason);
  return [{ type: 'BlackoutWindowWithdrawn', data: { blackoutWindowId: command.blackoutWindowId, reason } }];
}

function defined(state: BlackoutWindowState): DefinedBlackoutWindow {
  switch (state.status) {
    case 'none':
      throw blackoutWindowError('blackout_window.not_found', undefined, { status: state.status });
    case 'withdrawn':
      throw blackoutWindowError('blackout_window.withdrawn', undefined, { status: state.status });
    case 'defined':
      return state;
    default:
      return assertNever(state);
  }
}

function requireWindow(window: unknown): TimeWindow {
  const normalized = normalizeWindow(window);
  if (normalized === undefined) throw blackoutWindowError('blackout_window.invalid_window', undefined, { window });
  return normalized;
}

function requireScope(scope: unknown, statuses: CiStatuses | undefined): BlackoutScope {
  const kind = blackoutFields.requireOneOf('scope.kind', (scope as { kind?: unknown } | null)?.kind, ['all', 'cis'] as const);
  if (kind === 'all') return { kind };
  const named = (scope as { ciIds?: unknown }).ciIds;
  const count = Array.isArray(named) ? new Set(named).size : 0;
  if (count > MAX_CIS_PER_COMMAND) {
    const message = `scope.ciIds names ${count} configuration items; at most ${MAX_CIS_PER_COMMAND}`;
    throw blackoutWindowError('blackout_window.too_many_cis', message, { field: 'scope.ciIds', max: MAX_CIS_PER_COMMAND });
  }
  const ciIds = blackoutFields.requireIdSet('scope.ciIds', named);
  requireUsableCis('scope.ciIds', ciIds, statuses, (field, problem, ciId) =>
    blackoutWindowError(problem === 'unknown' ? 'blackout_window.ci_unknown' : 'blackout_window.ci_retired', ciReferenceMessage(field, problem, ciId), { field, ciId }),
  );
  return { kind, ciIds };
}
