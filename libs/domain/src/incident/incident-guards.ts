import { assertNever } from '../shared/decider';
import { INCIDENT_ERROR_CODES, incidentError, type IncidentErrorCode } from './incident-errors';
import type { IncidentState, LiveIncident, ResolvedIncident, UnresolvedIncident } from './incident-state';

/**
 * The status a command needs, checked before its payload: a command on a missing or terminal
 * incident is refused for that, so a client learns the most useful thing first.
 */
export function live(state: IncidentState): LiveIncident {
  switch (state.status) {
    case 'none':
      throw stateError('incident.not_found', state);
    case 'closed':
    case 'cancelled':
      throw stateError(`incident.${state.status}`, state);
    case 'new':
    case 'in_progress':
    case 'on_hold':
    case 'resolved':
      return state;
    default:
      return assertNever(state);
  }
}

export function unresolved(state: LiveIncident): UnresolvedIncident {
  if (state.status === 'resolved') throw stateError('incident.already_resolved', state);
  return state;
}

export function resolved(state: LiveIncident): ResolvedIncident {
  if (state.status !== 'resolved') throw stateError('incident.not_resolved', state);
  return state;
}

export function stateError(code: IncidentErrorCode, state: IncidentState) {
  return incidentError(code, INCIDENT_ERROR_CODES[code].rule, { status: state.status });
}

/** The hold that resolving or cancelling ends with it, so that no hold is left open; null when none runs. */
export function runningHold(state: UnresolvedIncident): number | null {
  return state.status === 'on_hold' ? state.holdCount : null;
}
