import { deciderSpec } from '../testing/decider-spec';
import { incidentDecider } from './incident-decider';
import { HISTORIES, type EventData, MATRIX_2024, MATRIX_2025, command, event, incidentOpened } from '../testing/incident-fixtures';
import type { Impact, Urgency } from './priority-matrix';

const { given } = deciderSpec(incidentDecider);

const reclassify = (impact: Impact, urgency: Urgency, priorityMatrix = MATRIX_2024, reason = 'Whole floor is affected') =>
  command('ReclassifyIncident', { impact, urgency, reason, priorityMatrix });

const reclassified = (data: Omit<EventData<'IncidentReclassified'>, 'priorityMatrixVersion' | 'reason'>) =>
  event('IncidentReclassified', { ...data, priorityMatrixVersion: MATRIX_2024.version, reason: 'Whole floor is affected' });

describe('Reclassifying an incident', () => {
  it.each(['new', 'in_progress', 'on_hold'] as const)(
    'records the new impact, urgency and priority with the previous priority (%s)',
    (status) => {
      const state = given(HISTORIES[status])
        .when(reclassify(1, 2))
        .then([reclassified({ impact: 1, urgency: 2, priority: 2, previousPriority: 3 })]);
      expect(state).toMatchObject({ status, impact: 1, urgency: 2, priority: 2 });
    },
  );

  it('prices by the matrix now in force and records its version, not the one used at opening', () => {
    given([incidentOpened({ impact: 2, urgency: 2, priority: 3 })])
      .when(reclassify(2, 1, MATRIX_2025))
      .then([
        event('IncidentReclassified', {
          impact: 2,
          urgency: 1,
          priority: 1,
          priorityMatrixVersion: 'strict-2025.1',
          previousPriority: 3,
          reason: 'Whole floor is affected',
        }),
      ]);
  });

  it('takes the previous priority from the latest classification', () => {
    const downgraded = reclassified({ impact: 3, urgency: 3, priority: 5, previousPriority: 3 });
    given([incidentOpened(), downgraded])
      .when(reclassify(1, 1))
      .then([reclassified({ impact: 1, urgency: 1, priority: 1, previousPriority: 5 })]);
  });

  it('accepts a change of urgency alone', () => {
    given(HISTORIES.new)
      .when(reclassify(2, 3))
      .then([reclassified({ impact: 2, urgency: 3, priority: 4, previousPriority: 3 })]);
  });

  it('is refused when neither impact nor urgency changes, even under another matrix', () => {
    const error = given(HISTORIES.in_progress)
      .when(reclassify(2, 2, MATRIX_2025))
      .thenThrows('incident.classification_unchanged', 'not_allowed');
    expect(error.details).toEqual({ impact: 2, urgency: 2 });
  });

  it('is refused without a reason', () => {
    const error = given(HISTORIES.new).when(reclassify(1, 1, MATRIX_2024, '  ')).thenThrows('incident.invalid_field', 'not_allowed');
    expect(error.details).toEqual({ field: 'reason' });
  });

  it('is refused once the incident is resolved', () => {
    given(HISTORIES.resolved).when(reclassify(1, 1)).thenThrows('incident.already_resolved', 'conflict');
  });
});
