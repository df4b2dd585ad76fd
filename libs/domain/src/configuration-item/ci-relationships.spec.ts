import { deciderSpec } from '../testing/decider-spec';
import { CI_ID, HISTORIES, OTHER_CI_ID, command, event, relationshipAdded } from '../testing/configuration-item-fixtures';
import type { CiStatus } from './ci-classes';
import { configurationItemDecider } from './ci-decider';
import { CI_RELATIONSHIP_TYPES, CI_RELATIONSHIP_TYPE_IDS, type CiRelationshipType } from './ci-relationship-types';

const { given } = deciderSpec(configurationItemDecider);

const add = (type: CiRelationshipType, targetCiId = OTHER_CI_ID, targetStatus?: CiStatus) =>
  command('AddConfigurationItemRelationship', { type, targetCiId, targetStatus });
const remove = (type: CiRelationshipType, targetCiId = OTHER_CI_ID) =>
  command('RemoveConfigurationItemRelationship', { type, targetCiId });

describe('The relationship types', () => {
  it('name each type, its inverse and both labels, so either end can be shown', () => {
    expect(CI_RELATIONSHIP_TYPE_IDS).toEqual(['depends_on', 'runs_on', 'connects_to', 'contains']);
    expect(CI_RELATIONSHIP_TYPES.depends_on).toMatchObject({ inverse: 'used_by', label: 'Depends on', inverseLabel: 'Used by' });
    expect(CI_RELATIONSHIP_TYPES.runs_on).toMatchObject({ inverse: 'hosts', inverseLabel: 'Hosts' });
    expect(CI_RELATIONSHIP_TYPES.contains).toMatchObject({ inverse: 'member_of', inverseLabel: 'Member of' });
    expect(CI_RELATIONSHIP_TYPES.connects_to).toMatchObject({ inverse: 'connects_to', symmetric: true });
  });
});

describe('Adding a relationship (recorded on the source CI)', () => {
  it.each(CI_RELATIONSHIP_TYPE_IDS)('records a %s relationship to the target', (type) => {
    const state = given(HISTORIES.in_use).when(add(type)).then([relationshipAdded(type, OTHER_CI_ID)]);
    expect(state).toMatchObject({ relationships: [{ type, targetCiId: OTHER_CI_ID }] });
  });

  it('accepts another type to the same target, and the same type to another target', () => {
    const history = [...HISTORIES.in_use, relationshipAdded('depends_on', OTHER_CI_ID)];
    given(history).when(add('runs_on')).then([relationshipAdded('runs_on', OTHER_CI_ID)]);
    given(history).when(add('depends_on', 'CI0009999')).then([relationshipAdded('depends_on', 'CI0009999')]);
  });

  it('accepts a target whose status the handler read as live, or could not read', () => {
    given(HISTORIES.planned).when(add('runs_on', OTHER_CI_ID, 'maintenance')).then([relationshipAdded('runs_on', OTHER_CI_ID)]);
    given(HISTORIES.planned).when(add('runs_on', OTHER_CI_ID, undefined)).then([relationshipAdded('runs_on', OTHER_CI_ID)]);
  });

  it('accepts an edge that closes a depends_on cycle: cycles are allowed (impact analysis terminates on them)', () => {
    // "OTHER depends_on CI" would be on OTHER's stream; this decider neither sees it nor needs to.
    given(HISTORIES.in_use).when(add('depends_on')).then([relationshipAdded('depends_on', OTHER_CI_ID)]);
  });

  it('is refused when it relates the CI to itself', () => {
    const error = given(HISTORIES.in_use).when(add('depends_on', CI_ID)).thenThrows('ci.self_relationship', 'not_allowed');
    expect(error.details).toEqual({ field: 'targetCiId', type: 'depends_on', targetCiId: CI_ID });
  });

  it('is refused when the handler read the target as retired', () => {
    const error = given(HISTORIES.in_use)
      .when(add('runs_on', OTHER_CI_ID, 'retired'))
      .thenThrows('ci.target_retired', 'conflict');
    expect(error.details).toEqual({ field: 'targetCiId', type: 'runs_on', targetCiId: OTHER_CI_ID });
  });

  it('is refused when the identical relationship is already recorded', () => {
    const history = [...HISTORIES.maintenance, relationshipAdded('runs_on', OTHER_CI_ID)];
    const error = given(history).when(add('runs_on')).thenThrows('ci.relationship_exists', 'conflict');
    expect(error.details).toEqual({ type: 'runs_on', targetCiId: OTHER_CI_ID });
  });

  it('is refused for an unknown type, a blank target, or an unknown target status', () => {
    given(HISTORIES.in_use).when(add('used_by' as CiRelationshipType)).thenThrows('ci.invalid_field', 'not_allowed');
    given(HISTORIES.in_use).when(add('depends_on', ' ')).thenThrows('ci.invalid_field', 'not_allowed');
    given(HISTORIES.in_use).when(add('depends_on', 'name-db')).thenThrows('ci.invalid_field', 'not_allowed');
    given(HISTORIES.in_use).when(add('depends_on', OTHER_CI_ID, 'gone' as CiStatus)).thenThrows('ci.invalid_field');
  });
});

describe('Removing a relationship', () => {
  const related = [...HISTORIES.in_use, relationshipAdded('depends_on', OTHER_CI_ID), relationshipAdded('runs_on', OTHER_CI_ID)];

  it('records the removal and keeps the other relationships', () => {
    const state = given(related)
      .when(remove('depends_on'))
      .then([event('ConfigurationItemRelationshipRemoved', { type: 'depends_on', targetCiId: OTHER_CI_ID })]);
    expect(state).toMatchObject({ relationships: [{ type: 'runs_on', targetCiId: OTHER_CI_ID }] });
  });

  it('allows the same relationship to be added again after removal', () => {
    const history = [...related, event('ConfigurationItemRelationshipRemoved', { type: 'depends_on', targetCiId: OTHER_CI_ID })];
    given(history).when(add('depends_on')).then([relationshipAdded('depends_on', OTHER_CI_ID)]);
  });

  it('is refused when no relationship of that type to that target is recorded', () => {
    given(related).when(remove('contains')).thenThrows('ci.relationship_not_found', 'not_found');
    const error = given(related).when(remove('depends_on', 'CI0009999')).thenThrows('ci.relationship_not_found', 'not_found');
    expect(error.details).toEqual({ type: 'depends_on', targetCiId: 'CI0009999' });
  });

  it('is refused for an unknown type or a blank target', () => {
    given(related).when(remove('hosts' as CiRelationshipType)).thenThrows('ci.invalid_field', 'not_allowed');
    given(related).when(remove('depends_on', '')).thenThrows('ci.invalid_field', 'not_allowed');
  });
});
