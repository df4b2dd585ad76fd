import { CI_STATUSES } from './ci-classes';
import type { AddConfigurationItemRelationship, RemoveConfigurationItemRelationship } from './ci-commands';
import { ciError, requireCiId, requireOneOf, requireText } from './ci-errors';
import type { ConfigurationItemRelationshipAdded, ConfigurationItemRelationshipRemoved } from './ci-events';
import { CI_RELATIONSHIP_TYPE_IDS } from './ci-relationship-types';
import { hasCiRelationship, type LiveCi } from './ci-state';

/**
 * Relationships are decided on the source CI alone. What this cannot see, it does not pretend to
 * check: the target's existence is the handler's to look up, and the target's retirement is refused
 * only when the handler passes `targetStatus`. Cycles are allowed (two services that depend on each
 * other exist); impact analysis terminates on them. A symmetric connects_to recorded from both ends
 * is two facts on two streams; projections show it once.
 */
export function decideAddRelationship(
  command: AddConfigurationItemRelationship,
  state: LiveCi,
): readonly ConfigurationItemRelationshipAdded[] {
  const { type, targetCiId, targetStatus } = command.data;
  requireOneOf('type', type, CI_RELATIONSHIP_TYPE_IDS);
  requireCiId('targetCiId', targetCiId);
  if (targetCiId === state.ciId) {
    throw ciError('ci.self_relationship', 'A configuration item cannot be related to itself', { field: 'targetCiId', type, targetCiId });
  }
  if (targetStatus !== undefined) {
    requireOneOf('targetStatus', targetStatus, CI_STATUSES);
    if (targetStatus === 'retired') {
      throw ciError('ci.target_retired', `${targetCiId} is retired`, { field: 'targetCiId', type, targetCiId });
    }
  }
  if (hasCiRelationship(state, type, targetCiId)) {
    throw ciError('ci.relationship_exists', `${state.ciId} already ${type} ${targetCiId}`, { type, targetCiId });
  }
  return [{ type: 'ConfigurationItemRelationshipAdded', data: { ciId: command.ciId, type, targetCiId } }];
}

export function decideRemoveRelationship(
  command: RemoveConfigurationItemRelationship,
  state: LiveCi,
): readonly ConfigurationItemRelationshipRemoved[] {
  const { type, targetCiId } = command.data;
  requireOneOf('type', type, CI_RELATIONSHIP_TYPE_IDS);
  // Plain text, not the stricter id rule: whatever was once recorded must stay removable.
  requireText('targetCiId', targetCiId);
  if (!hasCiRelationship(state, type, targetCiId)) {
    throw ciError('ci.relationship_not_found', `${state.ciId} has no ${type} relationship to ${targetCiId}`, {
      type,
      targetCiId,
    });
  }
  return [{ type: 'ConfigurationItemRelationshipRemoved', data: { ciId: command.ciId, type, targetCiId } }];
}
