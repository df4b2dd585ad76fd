/** 1 = high, 2 = medium, 3 = low, as in ServiceNow. */
export type Impact = 1 | 2 | 3;
export type Urgency = 1 | 2 | 3;
/** 1 = critical … 5 = planning. */
export type Priority = 1 | 2 | 3 | 4 | 5;

/**
 * The impact × urgency → priority matrix in force. Its version is recorded on every event that
 * sets a priority, so an auditor can show each incident was prioritised by the matrix of its day.
 */
export interface PriorityMatrix {
  readonly version: string;
  /** rows[impact - 1][urgency - 1] */
  readonly rows: readonly (readonly [Priority, Priority, Priority])[];
}

/** ServiceNow's out-of-the-box matrix. */
export const DEFAULT_PRIORITY_MATRIX: PriorityMatrix = {
  version: 'itil-default-2024.1',
  rows: [
    [1, 2, 3],
    [2, 3, 4],
    [3, 4, 5],
  ],
};

export function priorityOf(matrix: PriorityMatrix, impact: Impact, urgency: Urgency): Priority {
  const row = matrix.rows[impact - 1];
  const priority = row?.[urgency - 1];
  if (priority === undefined) throw new Error(`Matrix ${matrix.version} has no cell for impact ${impact}, urgency ${urgency}`);
  return priority;
}
