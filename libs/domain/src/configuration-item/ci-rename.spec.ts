import { deciderSpec } from '../testing/decider-spec';
import { HISTORIES, command, event } from '../testing/configuration-item-fixtures';
import { configurationItemDecider } from './ci-decider';

const { given } = deciderSpec(configurationItemDecider);

const rename = (name: string) => command('RenameConfigurationItem', { name });

describe('Renaming a configuration item', () => {
  it('records the new name and key beside the previous ones, which the handler then releases', () => {
    const state = given(HISTORIES.in_use)
      .when(rename('Shop Web 01'))
      .then([
        event('ConfigurationItemRenamed', {
          name: 'Shop Web 01',
          normalisedName: 'shop web 01',
          previousName: 'Web Server 01',
          previousNormalisedName: 'web server 01',
        }),
      ]);
    expect(state).toMatchObject({ name: 'Shop Web 01', normalisedName: 'shop web 01', status: 'in_use' });
  });

  it('accepts a change of case or spacing only, keeping the same key', () => {
    given(HISTORIES.maintenance)
      .when(rename('WEB SERVER 01'))
      .then([
        event('ConfigurationItemRenamed', {
          name: 'WEB SERVER 01',
          normalisedName: 'web server 01',
          previousName: 'Web Server 01',
          previousNormalisedName: 'web server 01',
        }),
      ]);
  });

  it('is refused when the name is exactly the current one', () => {
    const error = given(HISTORIES.planned).when(rename('Web Server 01')).thenThrows('ci.name_unchanged', 'not_allowed');
    expect(error.details).toEqual({ name: 'Web Server 01' });
  });

  it('is refused when the new name is blank', () => {
    given(HISTORIES.in_use).when(rename(' ')).thenThrows('ci.invalid_field', 'not_allowed');
  });
});
