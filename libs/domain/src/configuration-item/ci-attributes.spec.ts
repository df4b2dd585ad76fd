import { deciderSpec } from '../testing/decider-spec';
import { HISTORIES, command, event } from '../testing/configuration-item-fixtures';
import { configurationItemDecider } from './ci-decider';
import type { CiAttributes } from './ci-events';

const { given } = deciderSpec(configurationItemDecider);

// HISTORIES.in_use has { ip_address: '10.0.4.21', cpu_count: 8, virtual: false, serial_number: null }.
const update = (set?: CiAttributes, unset?: readonly string[]) =>
  command('UpdateConfigurationItemAttributes', { set, unset });

describe('Updating the attributes of a configuration item', () => {
  it('records new and changed values and the keys removed, with the values they replace', () => {
    const state = given(HISTORIES.in_use)
      .when(update({ cpu_count: 16, os: 'Debian 12' }, ['virtual']))
      .then([
        event('ConfigurationItemAttributesUpdated', {
          set: { cpu_count: 16, os: 'Debian 12' },
          unset: ['virtual'],
          previous: { cpu_count: 8, virtual: false },
        }),
      ]);
    expect(state).toMatchObject({
      attributes: { ip_address: '10.0.4.21', cpu_count: 16, os: 'Debian 12', serial_number: null },
    });
    expect(state).not.toHaveProperty('attributes.virtual');
  });

  it('records only what changes: equal values and absent keys drop out', () => {
    given(HISTORIES.maintenance)
      .when(update({ cpu_count: 8, ip_address: '10.0.4.22' }, ['rack', 'serial_number', 'serial_number']))
      .then([
        event('ConfigurationItemAttributesUpdated', {
          set: { ip_address: '10.0.4.22' },
          unset: ['serial_number'],
          previous: { ip_address: '10.0.4.21', serial_number: null },
        }),
      ]);
  });

  it('treats null as a value: setting a known-empty attribute differs from removing it', () => {
    given(HISTORIES.planned)
      .when(update({ ip_address: null }))
      .then([event('ConfigurationItemAttributesUpdated', { set: { ip_address: null }, unset: [], previous: { ip_address: '10.0.4.21' } })]);
    given(HISTORIES.planned).when(update({ serial_number: null })).thenThrows('ci.attributes_unchanged');
  });

  it('tells a number from the same digits as text', () => {
    given(HISTORIES.in_use)
      .when(update({ cpu_count: '8' }))
      .then([event('ConfigurationItemAttributesUpdated', { set: { cpu_count: '8' }, unset: [], previous: { cpu_count: 8 } })]);
  });

  it('tells a key new to the CI (absent from previous) from one that was known to be empty (null)', () => {
    given(HISTORIES.in_use)
      .when(update({ serial_number: 'SN-4411', rack: 'B2' }))
      .then([
        event('ConfigurationItemAttributesUpdated', { set: { serial_number: 'SN-4411', rack: 'B2' }, unset: [], previous: { serial_number: null } }),
      ]);
  });

  it('folds an update recorded before previous values were kept (schema version 1)', () => {
    const older = event('ConfigurationItemAttributesUpdated', { set: { cpu_count: 16 }, unset: ['virtual'] });
    expect(given([...HISTORIES.in_use, older]).state).toMatchObject({
      attributes: { ip_address: '10.0.4.21', cpu_count: 16, serial_number: null },
    });
    given([...HISTORIES.in_use, older])
      .when(update({ cpu_count: 32 }))
      .then([event('ConfigurationItemAttributesUpdated', { set: { cpu_count: 32 }, unset: [], previous: { cpu_count: 16 } })]);
  });

  describe('is refused as a no-op', () => {
    it.each([
      ['every value is already set', update({ cpu_count: 8, virtual: false })],
      ['every key to remove is absent', update(undefined, ['rack'])],
      ['nothing is asked', update()],
      ['both lists are empty', update({}, [])],
    ])('when %s', (_why, cmd) => {
      given(HISTORIES.in_use).when(cmd).thenThrows('ci.attributes_unchanged', 'not_allowed');
    });
  });

  it('is refused when a key is both set and unset', () => {
    const error = given(HISTORIES.in_use)
      .when(update({ os: 'Debian 12' }, ['os']))
      .thenThrows('ci.invalid_field', 'not_allowed');
    expect(error.details).toEqual({ field: 'unset', key: 'os' });
  });

  it('is refused for a nested value, a blank key, or a malformed unset list', () => {
    given(HISTORIES.in_use).when(update({ nic: { mac: 'x' } } as unknown as CiAttributes)).thenThrows('ci.invalid_field');
    given(HISTORIES.in_use).when(update(undefined, [''])).thenThrows('ci.invalid_field');
    given(HISTORIES.in_use).when(update(undefined, 'os' as unknown as string[])).thenThrows('ci.invalid_field');
  });
});
