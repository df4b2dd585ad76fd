import type { RaiseChange } from './change-commands';
import { changeError, changeFields } from './change-errors';
import type { ChangeDetails, ChangeEvent } from './change-events';
import { requireAffectedCis, stateError, requireWindow } from './change-guards';
import type { ChangeState } from './change-state';
import { CHANGE_TYPES, type StandardTemplate, type TemplateRef } from './change-vocabulary';
import { changeContentHash } from './content-hash';

type Plans = Pick<ChangeDetails, 'implementationPlan' | 'backoutPlan' | 'testPlan'>;

/**
 * The actor raising the change is its requester. A standard change is authorized in the same
 * decision, by its template: nobody is asked, because the template was approved once, beforehand.
 */
export function raise(command: RaiseChange, state: ChangeState): readonly ChangeEvent[] {
  if (state.status !== 'none') throw stateError('change.already_exists', state);
  const { data, changeId } = command;
  const changeType = changeFields.requireOneOf('changeType', data.changeType, CHANGE_TYPES);
  const fromTemplate = data.changeType === 'standard' ? requireTemplate(data.template) : null;
  const template = fromTemplate?.template ?? null;
  const plans = fromTemplate?.plans ?? requirePlans(data as Partial<Plans>);
  const details: ChangeDetails = {
    title: changeFields.requireText('title', data.title),
    justification: changeFields.requireText('justification', data.justification),
    ...plans,
    window: requireWindow('window', data.window),
    affectedCiIds: requireAffectedCis('affectedCiIds', data.affectedCiIds, data.ciStatuses),
  };
  const assignee = changeFields.optionalText('assignee', data.assignee);
  const contentHash = changeContentHash(details);
  const requester = command.context.actor;
  const raised: ChangeEvent = {
    type: 'ChangeRaised',
    data: { changeId, changeType, requester, ...details, assignee, template, contentHash, number: data.number ?? null },
  };
  if (template === null) return [raised];
  return [raised, { type: 'ChangeAuthorized', data: { changeId, contentHash, basis: 'standard_template', template } }];
}

function requirePlans(data: Partial<Record<keyof Plans, unknown>>, prefix = ''): Plans {
  return {
    implementationPlan: changeFields.requireText(`${prefix}implementationPlan`, data.implementationPlan),
    backoutPlan: changeFields.requireText(`${prefix}backoutPlan`, data.backoutPlan),
    testPlan: changeFields.requireText(`${prefix}testPlan`, data.testPlan),
  };
}

function requireTemplate(template: StandardTemplate | undefined): { template: TemplateRef; plans: Plans } {
  const templateId = changeFields.requireText('template.id', template?.id);
  const templateVersion = template?.version;
  if (typeof templateVersion !== 'number' || !Number.isInteger(templateVersion) || templateVersion < 1) {
    throw changeError('change.invalid_field', 'template.version must be a whole number from 1', { field: 'template.version' });
  }
  const plans = requirePlans({ ...template?.content }, 'template.content.');
  return { template: { templateId, templateVersion }, plans };
}
