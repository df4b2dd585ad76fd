import { deciderSpec } from '../testing/decider-spec';
import { HISTORIES, command, event, retired, statusChanged } from '../testing/configuration-item-fixtures';
import { CI_STATUS_TRANSITIONS, type CiStatus } from './ci-classes';
import { configurationItemDecider } from './ci-decider';

const { given } = deciderSpec(configurationItemDecider);

const changeStatus = (status: CiStatus, reason = 'Scheduled work') =>
  command('ChangeConfigurationItemStatus', { status, reason });

describe('Changing the status of a configuration item', () => {
  it.each([
    ['planned', 'in_use'],
    ['in_use', 'maintenance'],
    ['maintenance', 'in_use'],
  ] as const)('moves it from %s to %s', (from, to) => {
    const state = given(HISTORIES[from]).when(changeStatus(to)).then([statusChanged(to, from)]);
    expect(state.status).toBe(to);
  });

  it.each(['planned', 'in_use', 'maintenance'] as const)('retires it from %s, recording the retirement fact', (from) => {
    const state = given(HISTORIES[from])
      .when(changeStatus('retired', 'Replaced'))
      .then([retired(from, 'Replaced')]);
    expect(state).toMatchObject({ status: 'retired', retiredReason: 'Replaced', name: 'Web Server 01' });
  });

  it.each([
    ['planned', 'maintenance'],
    ['in_use', 'planned'],
    ['maintenance', 'planned'],
  ] as const)('is refused from %s to %s', (from, to) => {
    const error = given(HISTORIES[from])
      .when(changeStatus(to))
      .thenThrows('ci.status_transition_not_allowed', 'not_allowed');
    expect(error.details).toEqual({ status: from, requested: to, allowed: CI_STATUS_TRANSITIONS[from] });
  });

  it.each(['planned', 'in_use', 'maintenance'] as const)('is refused when it is already %s', (status) => {
    const error = given(HISTORIES[status]).when(changeStatus(status)).thenThrows('ci.status_unchanged', 'not_allowed');
    expect(error.details).toEqual({ status });
  });

  it('is refused without a reason, or for a status outside the list', () => {
    given(HISTORIES.in_use).when(changeStatus('maintenance', '')).thenThrows('ci.invalid_field', 'not_allowed');
    given(HISTORIES.in_use).when(changeStatus('broken' as CiStatus)).thenThrows('ci.invalid_field', 'not_allowed');
  });
});

describe('Retiring a configuration item', () => {
  it.each(['planned', 'in_use', 'maintenance'] as const)('retires it from %s, with the name key to release', (from) => {
    const state = given(HISTORIES[from])
      .when(command('RetireConfigurationItem', { reason: 'Decommissioned' }))
      .then([event('ConfigurationItemRetired', { normalisedName: 'web server 01', previousStatus: from, reason: 'Decommissioned' })]);
    expect(state.status).toBe('retired');
  });

  it('keeps the last facts of a retired CI for history, though no command can act on them', () => {
    const state = given([...HISTORIES.in_use, retired()]).state;
    expect(state).toMatchObject({ status: 'retired', ciClass: 'server', attributes: { cpu_count: 8 } });
  });

  it('is refused without a reason', () => {
    given(HISTORIES.in_use).when(command('RetireConfigurationItem', { reason: ' ' })).thenThrows('ci.invalid_field');
  });
});

describe('Changing the owner group of a configuration item', () => {
  it('records the new group and the previous one', () => {
    const state = given(HISTORIES.maintenance)
      .when(command('ChangeConfigurationItemOwnerGroup', { ownerGroup: 'platform-team' }))
      .then([event('ConfigurationItemOwnerGroupChanged', { ownerGroup: 'platform-team', previousOwnerGroup: 'infra-ops' })]);
    expect(state).toMatchObject({ ownerGroup: 'platform-team' });
  });

  it('is refused when the group is already the owner', () => {
    given(HISTORIES.in_use)
      .when(command('ChangeConfigurationItemOwnerGroup', { ownerGroup: 'infra-ops' }))
      .thenThrows('ci.owner_group_unchanged', 'not_allowed');
  });

  it('is refused when the group is blank', () => {
    given(HISTORIES.in_use)
      .when(command('ChangeConfigurationItemOwnerGroup', { ownerGroup: '' }))
      .thenThrows('ci.invalid_field', 'not_allowed');
  });
});
