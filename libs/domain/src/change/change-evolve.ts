import { assertNever } from '../shared/decider';
import { approversInForce, withName } from './change-duties';
import type { ChangeAuthorized, ChangeEvent, ChangeRaised } from './change-events';
import {
  factsOf,
  isLiveChange,
  isPlannedChange,
  type Authorization,
  type ChangeState,
  type DraftChange,
  type LiveChange,
  type PlannedChange,
} from './change-state';

/** Folds one recorded fact. Never validates: a fact that cannot apply to the state leaves it unchanged. */
export function evolveChange(state: ChangeState, event: ChangeEvent): ChangeState {
  switch (event.type) {
    case 'ChangeRaised':
      return state.status === 'none' ? raised(event.data) : state;
    case 'ChangeUpdated': {
      const { changes, contentHash } = event.data;
      return whenPlanned(state, (change) => ({ ...change, details: { ...change.details, ...changes }, contentHash }));
    }
    case 'ChangeAssigned': {
      const { assignee } = event.data;
      if (state.status === 'implementing') return { ...state, assignee, implementers: withName(state.implementers, assignee) };
      return whenLive(state, (change) => ({ ...change, assignee }));
    }
    case 'ChangeAssessed': {
      const { risk, riskScore, riskPolicyVersion, approvalRule, approvalPolicyVersion } = event.data;
      const assessment = { risk, riskScore, riskPolicyVersion, approvalRule, approvalPolicyVersion };
      return whenPlanned(state, (change) => ({
        ...factsOf(change),
        status: 'awaiting_authorization',
        assessment,
        approvers: [],
      }));
    }
    case 'ChangeApproved':
      return state.status === 'awaiting_authorization'
        ? { ...state, approvers: [...state.approvers, event.data.approver] }
        : state;
    case 'ChangeRejected':
      return state.status === 'awaiting_authorization' ? { ...factsOf(state), status: 'draft' } : state;
    case 'ChangeAuthorized':
      return whenPlanned(state, (change) => authorized(change, event.data));
    case 'ApprovalsInvalidated':
      return whenPlanned(state, askAgain);
    case 'ChangeScheduled':
      return state.status === 'authorized' || state.status === 'scheduled'
        ? { ...factsOf(state), status: 'scheduled', authorization: state.authorization, scheduledWindow: event.data.window }
        : state;
    case 'ChangeUnscheduled':
      return state.status === 'scheduled'
        ? { ...factsOf(state), status: 'authorized', authorization: state.authorization }
        : state;
    case 'ChangeImplementationStarted': {
      const { changeId: _changeId, ...retrospective } = event.data;
      return whenPlanned(state, (change) => ({
        ...factsOf(change),
        status: 'implementing',
        retrospective,
        implementers: change.assignee === null ? [] : [change.assignee],
        authorizers: approversInForce(change),
      }));
    }
    case 'ChangeImplementationCompleted': {
      const { outcome, backoutPerformed } = event.data;
      return state.status === 'implementing'
        ? { ...state, status: 'in_review', outcome, backoutPerformed, review: null }
        : state;
    }
    case 'ChangeReviewed':
      return state.status === 'in_review'
        ? { ...state, review: { result: event.data.result, reviewer: event.data.reviewer } }
        : state;
    case 'ChangeRetrospectiveReviewRecorded':
      return state.status === 'implementing' || state.status === 'in_review'
        ? {
            ...state,
            retrospective: { retrospectiveReviewRequired: false },
            authorizers: withName(state.authorizers, event.data.reviewer),
          }
        : state;
    case 'ChangeClosed':
      return { status: 'closed', changeId: event.data.changeId };
    case 'ChangeCancelled':
      return { status: 'cancelled', changeId: event.data.changeId };
    default:
      return assertNever(event);
  }
}

function raised(data: ChangeRaised['data']): DraftChange {
  const { changeId, changeType, requester, assignee, contentHash } = data;
  const { title, justification, implementationPlan, backoutPlan, testPlan, window, affectedCiIds } = data;
  const details = { title, justification, implementationPlan, backoutPlan, testPlan, window, affectedCiIds };
  return { status: 'draft', changeId, changeType, requester, assignee, details, contentHash };
}

function authorized(change: PlannedChange, data: ChangeAuthorized['data']): ChangeState {
  let authorization: Authorization;
  if (data.basis === 'standard_template') {
    authorization = { basis: 'standard_template', template: data.template };
  } else if (change.status === 'awaiting_authorization') {
    authorization = { basis: 'approvals', assessment: change.assessment, approvers: data.approvers };
  } else {
    return change;
  }
  return { ...factsOf(change), status: 'authorized', authorization };
}

/** Approvals no longer hold: back to collecting them under the same assessment. */
function askAgain(change: PlannedChange): ChangeState {
  switch (change.status) {
    case 'draft':
      return change;
    case 'awaiting_authorization':
      return { ...change, approvers: [] };
    case 'authorized':
    case 'scheduled': {
      const { authorization } = change;
      if (authorization.basis !== 'approvals') return change;
      return { ...factsOf(change), status: 'awaiting_authorization', assessment: authorization.assessment, approvers: [] };
    }
    default:
      return assertNever(change);
  }
}

function whenLive(state: ChangeState, next: (change: LiveChange) => ChangeState): ChangeState {
  return isLiveChange(state) ? next(state) : state;
}

function whenPlanned(state: ChangeState, next: (change: PlannedChange) => ChangeState): ChangeState {
  return isPlannedChange(state) ? next(state) : state;
}
