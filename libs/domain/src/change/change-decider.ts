import { assertNever, type Decider } from '../shared/decider';
import { approve, reject } from './change-approval';
import { assess } from './change-assessment';
import { cancel, close, complete, recordRetrospective, recordReview } from './change-closure';
import type { ChangeCommand } from './change-commands';
import { assign, update } from './change-editing';
import type { ChangeEvent } from './change-events';
import { evolveChange } from './change-evolve';
import { awaitingAuthorization, cleared, draft, implementing, inReview, live, planned } from './change-guards';
import { raise } from './change-raise';
import { schedule, start } from './change-scheduling';
import { initialChangeState, type ChangeState } from './change-state';

/**
 * normal:    draft → (assess) awaiting_authorization → (approvals reach the rule) authorized
 *            → scheduled → implementing → in_review → closed
 * standard:  raised already authorized by its template → scheduled → implementing → in_review → closed
 * emergency: as normal, with the emergency CAB's rule; may start from awaiting_authorization or
 *            outside its window, flagged until a retrospective review is recorded.
 * A rejection returns to draft; editing approved content returns to awaiting_authorization; any
 * change may be cancelled until implementation starts.
 */
export function decideChange(command: ChangeCommand, state: ChangeState): readonly ChangeEvent[] {
  switch (command.type) {
    case 'RaiseChange':
      return raise(command, state);
    case 'UpdateChange':
      return update(command, planned(live(state)));
    case 'AssignChange':
      return assign(command, live(state));
    case 'AssessChange':
      return assess(command, draft(live(state)));
    case 'ApproveChange':
      return approve(command, awaitingAuthorization(live(state)));
    case 'RejectChange':
      return reject(command, awaitingAuthorization(live(state)));
    case 'ScheduleChange':
      return schedule(command, cleared(planned(live(state))));
    case 'StartImplementation':
      return start(command, planned(live(state)));
    case 'CompleteImplementation':
      return complete(command, implementing(live(state)));
    case 'RecordReview':
      return recordReview(command, inReview(live(state)));
    case 'RecordRetrospectiveReview':
      return recordRetrospective(command, live(state));
    case 'CloseChange':
      return close(command, inReview(live(state)));
    case 'CancelChange':
      return cancel(command, planned(live(state)));
    default:
      return assertNever(command);
  }
}

export const changeDecider: Decider<ChangeCommand, ChangeEvent, ChangeState> = {
  initialState: initialChangeState,
  evolve: evolveChange,
  decide: decideChange,
};
