import { deciderSpec } from '../testing/decider-spec';
import { incidentDecider } from './incident-decider';
import { HISTORIES, MATRIX_2024, MATRIX_2025, incidentOpened, openIncident, OPENED_DETAILS } from '../testing/incident-fixtures';
import type { Impact, Priority, Urgency } from './priority-matrix';

const { given } = deciderSpec(incidentDecider);

describe('Opening an incident', () => {
  it('records the incident, prioritised by the matrix in force, with that matrix version', () => {
    given([])
      .when(openIncident({ impact: 2, urgency: 2, configurationItemId: 'ci-vpn-gw-01' }))
      .then([incidentOpened({ priority: 3, priorityMatrixVersion: 'itil-default-2024.1', configurationItemId: 'ci-vpn-gw-01' })]);
  });

  describe('the priority follows the impact × urgency matrix', () => {
    const cells: [Impact, Urgency, Priority][] = [
      [1, 1, 1], [1, 2, 2], [1, 3, 3],
      [2, 1, 2], [2, 2, 3], [2, 3, 4],
      [3, 1, 3], [3, 2, 4], [3, 3, 5],
    ];

    it.each(cells)('impact %i and urgency %i give priority %i', (impact, urgency, priority) => {
      given([])
        .when(openIncident({ impact, urgency }))
        .then([incidentOpened({ impact, urgency, priority, priorityMatrixVersion: MATRIX_2024.version })]);
    });
  });

  it('prices by whichever matrix the command carries, and records its version', () => {
    given([])
      .when(openIncident({ impact: 2, urgency: 1, priorityMatrix: MATRIX_2025 }))
      .then([incidentOpened({ impact: 2, urgency: 1, priority: 1, priorityMatrixVersion: 'strict-2025.1' })]);
  });

  describe('names only a configuration item the log knows and that is not retired', () => {
    it('refuses one never registered, naming the field and the CI', () => {
      const error = given([]).when(openIncident({ configurationItemId: 'ghost-ci', ciStatuses: {} })).thenThrows('incident.ci_unknown', 'not_allowed');
      expect(error.details).toEqual({ field: 'configurationItemId', ciId: 'ghost-ci' });
    });

    it('refuses a retired one', () => {
      given([]).when(openIncident({ configurationItemId: 'ci-old', ciStatuses: { 'ci-old': 'retired' } })).thenThrows('incident.ci_retired', 'not_allowed');
    });

    it('refuses one nobody looked up, rather than trusting it', () => {
      const { ciStatuses, ...data } = openIncident({ configurationItemId: 'ci-vpn-gw-01' }).data;
      void ciStatuses;
      given([]).when({ ...openIncident(), data }).thenThrows('incident.ci_unknown', 'not_allowed');
    });

    it('does not mistake an id spelt like an object property for a known one', () => {
      given([]).when(openIncident({ configurationItemId: 'toString', ciStatuses: {} })).thenThrows('incident.ci_unknown', 'not_allowed');
    });
  });

  it('records a missing configuration item and assignment group as null', () => {
    given([])
      .when(openIncident({ configurationItemId: undefined, assignmentGroup: null }))
      .then([incidentOpened({ configurationItemId: null, assignmentGroup: null })]);
  });

  it('assigns the group named at opening within the same event, leaving the incident new with no assignee', () => {
    const state = given([])
      .when(openIncident({ assignmentGroup: 'network-ops' }))
      .then([incidentOpened({ assignmentGroup: 'network-ops' })]);

    expect(state).toEqual({
      status: 'new',
      incidentId: 'INC0010001',
      impact: 2,
      urgency: 2,
      priority: 3,
      assignmentGroup: 'network-ops',
      assignee: null,
      reassignmentCount: 0,
      reopenCount: 0,
      details: OPENED_DETAILS,
      holdCount: 0,
      resolutionCount: 0,
    });
  });

  it.each(Object.entries(HISTORIES))('is refused when the incident already exists (%s)', (status, history) => {
    const error = given(history).when(openIncident()).thenThrows('incident.already_exists', 'conflict');
    expect(error.details).toEqual({ status });
  });

  it.each(['title', 'description', 'caller', 'category'] as const)('is refused when the %s is blank', (field) => {
    const error = given([])
      .when(openIncident({ [field]: ' \t ' }))
      .thenThrows('incident.invalid_field', 'not_allowed');
    expect(error.details).toEqual({ field });
  });

  it.each(['assignmentGroup', 'configurationItemId'] as const)('is refused when an optional %s is given blank', (field) => {
    const error = given([]).when(openIncident({ [field]: '' })).thenThrows('incident.invalid_field', 'not_allowed');
    expect(error.details).toEqual({ field });
  });

  it('is refused when the impact or urgency is outside the matrix', () => {
    const error = given([])
      .when(openIncident({ impact: 4 as Impact }))
      .thenThrows('incident.invalid_field', 'not_allowed');
    expect(error.details).toMatchObject({ field: 'impact' });
    given([]).when(openIncident({ urgency: 0 as Urgency })).thenThrows('incident.invalid_field', 'not_allowed');
  });
});
