import type { ApproveChange, RejectChange } from './change-commands';
import { requireIndependentChecker } from './change-duties';
import { changeError, changeFields } from './change-errors';
import type { ChangeEvent } from './change-events';
import type { AwaitingAuthorizationChange } from './change-state';

/**
 * One approval, bound to the content hash the approver was shown. When the approvals reach the
 * rule's threshold the change is authorized in the same decision, so "enough approvals but not
 * authorized" is never a state anyone can observe.
 */
export function approve(command: ApproveChange, change: AwaitingAuthorizationChange): readonly ChangeEvent[] {
  const { approver, contentHash } = eligibleApprover(command, change);
  const comment = changeFields.optionalText('comment', command.data.comment);
  const { approvalRule, approvalPolicyVersion } = change.assessment;
  const approvers = [...change.approvers, approver];
  const { changeId } = change;
  const approved: ChangeEvent = {
    type: 'ChangeApproved',
    data: { changeId, approver, comment, contentHash, approvals: approvers.length, required: approvalRule.required },
  };
  if (approvers.length < approvalRule.required) return [approved];
  const data = { changeId, contentHash, basis: 'approvals' as const, approvers, approvalRule, approvalPolicyVersion };
  return [approved, { type: 'ChangeAuthorized', data }];
}

/** A veto: one eligible rejection sends the change back to draft, with the reason, for rework. */
export function reject(command: RejectChange, change: AwaitingAuthorizationChange): readonly ChangeEvent[] {
  const { approver, contentHash } = eligibleApprover(command, change);
  const comment = changeFields.requireText('comment', command.data.comment);
  return [{ type: 'ChangeRejected', data: { changeId: change.changeId, approver, comment, contentHash } }];
}

/** Who may decide, from the most fundamental rule to the most transient (a stale screen). */
function eligibleApprover(
  command: ApproveChange | RejectChange,
  change: AwaitingAuthorizationChange,
): { approver: string; contentHash: string } {
  const approver = command.context.actor;
  const { group } = change.assessment.approvalRule;
  requireIndependentChecker(change, approver);
  requireMember(group, command.data.approverGroups, 'approverGroups');
  if (change.approvers.includes(approver)) {
    throw changeError('change.already_acted', undefined, { approver });
  }
  const contentHash = changeFields.requireText('contentHash', command.data.contentHash);
  if (contentHash !== change.contentHash) {
    throw changeError('change.content_mismatch', undefined, { contentHash, currentContentHash: change.contentHash });
  }
  return { approver, contentHash };
}

/** Group membership comes from the actor's token, passed on by the handler. */
export function requireMember(group: string, actorGroups: unknown, field: string): void {
  if (!Array.isArray(actorGroups)) throw changeError('change.invalid_field', `${field} must be a list`, { field });
  if (!actorGroups.includes(group)) throw changeError('change.not_in_approval_group', undefined, { requiredGroup: group });
}
