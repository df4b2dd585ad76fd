import { assessment } from './change-assessment';
import type { AssignChange, UpdateChange } from './change-commands';
import { requireNotAuthorizer } from './change-duties';
import { changeError, changeFields } from './change-errors';
import type { ChangeDetails, ChangeEvent } from './change-events';
import { requireAffectedCis, requireWindow } from './change-guards';
import type { LiveChange, PlannedChange } from './change-state';
import { CONTENT_FIELDS, canonicalJson, changeContentHash, type ContentField } from './content-hash';

const PLAN_FIELDS: readonly ContentField[] = ['implementationPlan', 'backoutPlan', 'testPlan'];
const RISK_FIELDS: readonly ContentField[] = ['window', 'affectedCiIds'];

/**
 * An edit records only what changed. An edit of approved content (plans, window, CIs) withdraws
 * the approvals and any authorization, and asks again; when it moves a risk input, the risk and
 * the approval rule are computed again too, so that adding critical CIs cannot ride on the rule
 * of a smaller change.
 */
export function update(command: UpdateChange, change: PlannedChange): readonly ChangeEvent[] {
  const changes = requestedChanges(command.data, change.details);
  const changedFields = CONTENT_FIELDS.filter((field) => field in changes);
  if (change.changeType === 'standard' && changedFields.some((field) => PLAN_FIELDS.includes(field))) {
    throw changeError('change.template_locked', undefined, { fields: changedFields.filter((f) => PLAN_FIELDS.includes(f)) });
  }
  const details: ChangeDetails = { ...change.details, ...changes };
  const assessed = change.changeType !== 'standard' && change.status !== 'draft';
  const reassess = assessed && changedFields.some((field) => RISK_FIELDS.includes(field));
  const { reassessment } = command.data;
  if (reassess && reassessment === undefined) throw changeError('change.reassessment_required', undefined, { changedFields });
  const reassessed = reassess && reassessment ? [assessment(change, details, reassessment, command.context.now)] : [];

  const { changeId, contentHash: previousContentHash } = change;
  const contentHash = changeContentHash(details);
  const events: ChangeEvent[] = [{ type: 'ChangeUpdated', data: { changeId, changes, previousContentHash, contentHash } }];
  if (changedFields.length === 0) return events;
  if (change.status === 'scheduled') {
    events.push({ type: 'ChangeUnscheduled', data: { changeId, reason: 'content_changed', changedFields } });
  }
  const held = heldApprovals(change);
  if (held !== null) {
    const data = { changeId, reason: 'content_changed' as const, changedFields, previousContentHash, contentHash };
    events.push({ type: 'ApprovalsInvalidated', data: { ...data, ...held } });
  }
  return [...events, ...reassessed];
}

export function assign(command: AssignChange, change: LiveChange): readonly ChangeEvent[] {
  const assignee = changeFields.requireText('assignee', command.data.assignee);
  if (assignee === change.assignee) throw changeError('change.nothing_to_update', undefined, { assignee });
  requireNotAuthorizer(change, assignee);
  return [{ type: 'ChangeAssigned', data: { changeId: change.changeId, assignee, previousAssignee: change.assignee } }];
}

/** The validated fields of the command that differ from the current details. */
function requestedChanges(data: UpdateChange['data'], current: ChangeDetails): Partial<ChangeDetails> {
  const requested: Partial<ChangeDetails> = {
    ...textIfGiven(data, 'title'),
    ...textIfGiven(data, 'justification'),
    ...textIfGiven(data, 'implementationPlan'),
    ...textIfGiven(data, 'backoutPlan'),
    ...textIfGiven(data, 'testPlan'),
    ...(data.window === undefined ? {} : { window: requireWindow('window', data.window) }),
    ...(data.affectedCiIds === undefined
      ? {}
      : { affectedCiIds: requireAffectedCis('affectedCiIds', data.affectedCiIds, data.ciStatuses) }),
  };
  const changed = Object.entries(requested).filter(
    ([field, value]) => canonicalJson(value) !== canonicalJson(current[field as keyof ChangeDetails]),
  );
  if (changed.length === 0) throw changeError('change.nothing_to_update');
  return Object.fromEntries(changed) as Partial<ChangeDetails>;
}

type TextField = 'title' | 'justification' | 'implementationPlan' | 'backoutPlan' | 'testPlan';

function textIfGiven(data: UpdateChange['data'], field: TextField): Partial<ChangeDetails> {
  return data[field] === undefined ? {} : { [field]: changeFields.requireText(field, data[field]) };
}

/** The approvals an edit of the content withdraws, or null when there are none (a draft, a standard change). */
function heldApprovals(change: PlannedChange): { invalidatedApprovers: readonly string[]; wasAuthorized: boolean } | null {
  if (change.status === 'awaiting_authorization') {
    return change.approvers.length === 0 ? null : { invalidatedApprovers: change.approvers, wasAuthorized: false };
  }
  if (change.status === 'authorized' || change.status === 'scheduled') {
    const { authorization } = change;
    return authorization.basis === 'approvals' ? { invalidatedApprovers: authorization.approvers, wasAuthorized: true } : null;
  }
  return null;
}
