import { deciderSpec } from '../testing/decider-spec';
import { DEFAULT_PRIORITY_MATRIX } from './priority-matrix';
import { matrixInForce, priorityMatricesDecider, type DefinePriorityMatrix, type PriorityMatrixDefined } from './priority-matrices';

const { given } = deciderSpec(priorityMatricesDecider);

const NOW = '2026-03-01T09:00:00.000Z';
const SOURCE_ROWS = [
  [1, 2, 3],
  [2, 3, 4],
  [3, 4, 4],
] as const;
const define = (version: string, effectiveFrom: string, rows: readonly (readonly number[])[] = SOURCE_ROWS): DefinePriorityMatrix => ({
  type: 'DefinePriorityMatrix',
  data: { version, effectiveFrom, rows },
  context: { actor: 'manager.mia', now: NOW },
});
const defined = (version: string, effectiveFrom: string, rows: readonly (readonly number[])[] = SOURCE_ROWS): PriorityMatrixDefined => ({
  type: 'PriorityMatrixDefined',
  data: { version, effectiveFrom, rows: rows.map((row) => [...row]) as never },
});

describe('Priority matrix versions', () => {
  it('defines a version effective from an instant, from now on', () => {
    given([]).when(define('acme-2026.1', '2026-04-01T00:00:00Z')).then([defined('acme-2026.1', '2026-04-01T00:00:00.000Z')]);
    given([]).when(define('acme-2026.1', NOW)).then([defined('acme-2026.1', NOW)]);
  });

  it('prices by the version in force at the instant asked, the out-of-the-box matrix before the first', () => {
    const { state } = given([defined('acme-2026.1', '2026-04-01T00:00:00.000Z'), defined('acme-2026.2', '2026-07-01T00:00:00.000Z', [[1, 1, 2], [2, 3, 4], [3, 4, 5]])]);
    expect(matrixInForce(state, '2026-03-31T23:59:59.999Z')).toBe(DEFAULT_PRIORITY_MATRIX);
    expect(matrixInForce(state, '2026-04-01T00:00:00.000Z')).toMatchObject({ version: 'acme-2026.1', rows: SOURCE_ROWS });
    expect(matrixInForce(state, '2026-06-30T00:00:00.000Z').version).toBe('acme-2026.1');
    expect(matrixInForce(state, '2027-01-01T00:00:00.000Z').version).toBe('acme-2026.2');
  });

  it('takes "now" as sent by a client, up to a minute old, as now', () => {
    given([]).when(define('acme-2026.1', '2026-03-01T08:59:30Z')).then([defined('acme-2026.1', NOW)]);
    given([]).when(define('acme-2026.1', '2026-03-01T08:58:59Z')).thenThrows('priority_matrix.retroactive', 'not_allowed');
  });

  it('is refused before now: what was prioritised stays prioritised as it was', () => {
    const error = given([]).when(define('acme-2026.1', '2026-02-28T00:00:00Z')).thenThrows('priority_matrix.retroactive', 'not_allowed');
    expect(error.details).toMatchObject({ field: 'effectiveFrom' });
  });

  it('is refused for a version already defined, the out-of-the-box one included', () => {
    given([defined('acme-2026.1', '2026-04-01T00:00:00.000Z')]).when(define('acme-2026.1', '2026-09-01T00:00:00Z')).thenThrows('priority_matrix.version_exists', 'conflict');
    given([]).when(define(DEFAULT_PRIORITY_MATRIX.version, '2026-09-01T00:00:00Z')).thenThrows('priority_matrix.version_exists', 'conflict');
    given([defined('acme-2026.1', '2026-04-01T00:00:00.000Z')]).when(define('ACME-2026.1', '2026-09-01T00:00:00Z')).thenThrows('priority_matrix.version_exists', 'conflict');
  });

  it('is refused when it would take effect before or with a version already defined', () => {
    given([defined('acme-2026.1', '2026-04-01T00:00:00.000Z')]).when(define('acme-2026.0', '2026-03-15T00:00:00Z')).thenThrows('priority_matrix.out_of_order', 'not_allowed');
    given([defined('acme-2026.1', '2026-04-01T00:00:00.000Z')]).when(define('acme-2026.0', '2026-04-01T00:00:00Z')).thenThrows('priority_matrix.out_of_order', 'not_allowed');
  });

  it.each([
    ['two rows', [[1, 2, 3], [2, 3, 4]]],
    ['a short row', [[1, 2], [2, 3, 4], [3, 4, 5]]],
    ['a priority 0', [[0, 2, 3], [2, 3, 4], [3, 4, 5]]],
    ['a priority 6', [[1, 2, 3], [2, 3, 4], [3, 4, 6]]],
    ['a fraction', [[1, 2, 3], [2, 2.5, 4], [3, 4, 5]]],
  ])('is refused with %s', (_case, rows) => {
    const error = given([]).when(define('acme-2026.1', '2026-04-01T00:00:00Z', rows)).thenThrows('priority_matrix.invalid_field', 'not_allowed');
    expect(error.details).toMatchObject({ field: 'rows' });
  });

  it('is refused with a blank version', () => {
    given([]).when(define('  ', '2026-04-01T00:00:00Z')).thenThrows('priority_matrix.invalid_field', 'not_allowed');
  });
});

describe("Another tool's matrix, recorded by an import", () => {
  const imported = { type: 'PriorityMatrixImported' as const, data: { version: 'servicenow-acme', rows: [[1, 2, null], [2, 3, 4], [3, 4, 4]] as never, source: { system: 'servicenow', instance: 'acme', file: 'x.csv' }, observed: [[1, 1, 0], [1, 1, 1], [1, 1, 1]] } };

  it('is kept, the latest record of a version replacing the one before, and prices nothing here', () => {
    const wider = { ...imported, data: { ...imported.data, rows: [[1, 2, 3], [2, 3, 4], [3, 4, 4]] as never } };
    const { state } = given([imported, wider]);
    expect(state.imported).toEqual([wider.data]);
    expect(matrixInForce(state, '2030-01-01T00:00:00.000Z')).toEqual(DEFAULT_PRIORITY_MATRIX);
  });

  it('keeps its name: a version of ours cannot take it', () => {
    expect(() => given([imported]).when(define('ServiceNow-ACME', '2026-04-01T00:00:00Z')).then([])).toThrow(expect.objectContaining({ code: 'priority_matrix.version_exists' }));
  });
});
