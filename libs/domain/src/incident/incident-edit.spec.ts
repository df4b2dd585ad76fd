import { deciderSpec } from '../testing/decider-spec';
import { incidentDecider } from './incident-decider';
import type { EditIncident } from './incident-commands';
import { HISTORIES, command, event, incidentOpened } from '../testing/incident-fixtures';

const { given } = deciderSpec(incidentDecider);

const edit = (data: EditIncident['data']) => command('EditIncident', data);

describe('Editing an incident’s details', () => {
  it('records each field it changes with its value before, and nothing for a field it leaves', () => {
    const state = given(HISTORIES.in_progress)
      .when(edit({ category: 'software', subcategory: 'vpn-client', contactType: 'phone' }))
      .then([
        event('IncidentEdited', {
          changes: { category: { from: 'network', to: 'software' }, subcategory: { from: null, to: 'vpn-client' }, contactType: { from: null, to: 'phone' } },
        }),
      ]);
    expect(state).toMatchObject({ status: 'in_progress', details: { category: 'software', subcategory: 'vpn-client', contactType: 'phone', symptom: null } });
  });

  it('leaves out what the edit repeats, and empties an optional field with null', () => {
    const opened = incidentOpened({ symptom: 'drops every 5 minutes', location: 'Berlin HQ' });
    given([opened])
      .when(edit({ title: 'VPN drops every few minutes', symptom: null, location: 'Munich' }))
      .then([event('IncidentEdited', { changes: { symptom: { from: 'drops every 5 minutes', to: null }, location: { from: 'Berlin HQ', to: 'Munich' } } })]);
  });

  it('may name another CI, registered and live, or none', () => {
    given(HISTORIES.new)
      .when(edit({ configurationItemId: 'ci-vpn-gw-02', ciStatuses: { 'ci-vpn-gw-02': 'in_use' } }))
      .then([event('IncidentEdited', { changes: { configurationItemId: { from: null, to: 'ci-vpn-gw-02' } } })]);
    given(HISTORIES.new).when(edit({ configurationItemId: 'ghost', ciStatuses: {} })).thenThrows('incident.ci_unknown', 'not_allowed');
    given(HISTORIES.new).when(edit({ configurationItemId: 'old', ciStatuses: { old: 'retired' } })).thenThrows('incident.ci_retired', 'not_allowed');
  });

  it('is accepted at every live stage, resolved included, and refused once closed or cancelled', () => {
    for (const stage of ['new', 'in_progress', 'on_hold', 'resolved'] as const) {
      expect(incidentDecider.decide(edit({ symptom: 'slow' }), given(HISTORIES[stage]).state)).toHaveLength(1);
    }
    given(HISTORIES.closed).when(edit({ symptom: 'slow' })).thenThrows('incident.closed', 'conflict');
    given(HISTORIES.cancelled).when(edit({ symptom: 'slow' })).thenThrows('incident.cancelled', 'conflict');
  });

  it('is refused when it changes nothing, or blanks a required field', () => {
    given(HISTORIES.new).when(edit({})).thenThrows('incident.details_unchanged', 'not_allowed');
    given(HISTORIES.new).when(edit({ category: 'network' })).thenThrows('incident.details_unchanged', 'not_allowed');
    for (const field of ['title', 'description', 'category'] as const) {
      const error = given(HISTORIES.new).when(edit({ [field]: null })).thenThrows('incident.invalid_field', 'not_allowed');
      expect(error.details).toMatchObject({ field });
    }
    const blank = given(HISTORIES.new).when(edit({ location: '  ' })).thenThrows('incident.invalid_field', 'not_allowed');
    expect(blank.details).toMatchObject({ field: 'location' });
  });

  it('folds an opening recorded before these details existed as having none of them', () => {
    const { subcategory, symptom, contactType, location, ...older } = incidentOpened().data;
    void [subcategory, symptom, contactType, location];
    const state = given([{ type: 'IncidentOpened', data: older }]).state;
    expect(state).toMatchObject({ details: { subcategory: null, symptom: null, contactType: null, location: null, category: 'network' } });
  });
});
