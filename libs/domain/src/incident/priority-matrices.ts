import { domainErrors, type DomainErrorTable } from '../shared/domain-error';
import type { CommandContext, Decider } from '../shared/decider';
import { effectiveInstant, versionInForce } from '../shared/effective-versions';
import { fieldRules } from '../shared/field-rules';
import { DEFAULT_PRIORITY_MATRIX, type Priority, type PriorityMatrix } from './priority-matrix';

/**
 * The priority matrix is configuration with a history, not code: each version takes effect from an
 * instant, and every prioritisation records the version it used (ISO/IEC 20000: an incident is shown
 * to have been prioritised by the matrix of its day). Versions live in one stream, in the order they
 * take effect; before the first, the out-of-the-box matrix is in force.
 */
export const PRIORITY_MATRICES_STREAM = 'priority-matrices';
export const PRIORITY_MATRIX_EVENT_SCHEMA_VERSION = 1;

export interface PriorityMatrixVersion extends PriorityMatrix {
  /** RFC 3339 instant from which it prices incidents. */
  readonly effectiveFrom: string;
}

export type PriorityMatrixDefined = { readonly type: 'PriorityMatrixDefined'; readonly data: PriorityMatrixVersion };

/**
 * Another tool's matrix, as an import read it from the priorities its incidents were given: the
 * version their imported priorities name. It prices nothing here (never in force); a cell the
 * source never used is null. Recorded again, under the same version, when a later import sees more.
 */
export interface ImportedPriorityMatrix {
  readonly version: string;
  readonly rows: readonly (readonly (Priority | null)[])[];
  readonly source: { readonly system: string; readonly instance: string; readonly file: string };
  /** How many imported versions showed each cell, rows by impact, columns by urgency. */
  readonly observed: readonly (readonly number[])[];
  /** The SHA-256 of each file read into it: a file is counted once, however often it is imported. */
  readonly files?: readonly string[];
}
export type PriorityMatrixImported = { readonly type: 'PriorityMatrixImported'; readonly data: ImportedPriorityMatrix };
export type PriorityMatrixEvent = PriorityMatrixDefined | PriorityMatrixImported;

export type DefinePriorityMatrix = {
  readonly type: 'DefinePriorityMatrix';
  readonly data: { readonly version: string; readonly effectiveFrom: string; readonly rows: readonly (readonly number[])[] };
  readonly context: CommandContext;
};

export interface PriorityMatrices {
  /** In the order they take effect. */
  readonly versions: readonly PriorityMatrixVersion[];
  /** Other tools' matrices, by version (the latest record of each). */
  readonly imported: readonly ImportedPriorityMatrix[];
}

export const PRIORITY_MATRIX_ERROR_CODES = {
  'priority_matrix.version_exists': { kind: 'conflict', rule: 'A matrix version is defined once: give a new version a new name.' },
  'priority_matrix.retroactive': { kind: 'not_allowed', rule: 'A matrix takes effect from now on, never before the command: past prioritisations stay as they were.' },
  'priority_matrix.out_of_order': { kind: 'not_allowed', rule: 'A new version takes effect after every version already defined.' },
  'priority_matrix.invalid_field': { kind: 'not_allowed', rule: 'A field is blank or outside its allowed values (details.field names it).' },
} as const satisfies DomainErrorTable;

const matrixError = domainErrors(PRIORITY_MATRIX_ERROR_CODES);
const { requireText } = fieldRules((field, message, details = {}) => matrixError('priority_matrix.invalid_field', message, { field, ...details }));

const PRIORITIES: readonly number[] = [1, 2, 3, 4, 5];

export const priorityMatricesDecider: Decider<DefinePriorityMatrix, PriorityMatrixEvent, PriorityMatrices> = {
  initialState: { versions: [], imported: [] },
  evolve: (state, event) =>
    event.type === 'PriorityMatrixDefined'
      ? { ...state, versions: [...state.versions, event.data] }
      : { ...state, imported: [...state.imported.filter((known) => known.version !== event.data.version), event.data] },
  decide: (command, state) => {
    const version = requireText('version', command.data.version);
    // Told apart as people read them: ACME-2026.1 is acme-2026.1.
    const sameName = (known: string) => known.toLowerCase() === version.toLowerCase();
    const taken = [DEFAULT_PRIORITY_MATRIX.version, ...state.versions.map((known) => known.version), ...state.imported.map((known) => known.version)];
    if (taken.some(sameName)) {
      throw matrixError('priority_matrix.version_exists', `Matrix version ${version} is already defined`, { field: 'version', version });
    }
    const latest = state.versions[state.versions.length - 1];
    const effective = effectiveInstant(command.data.effectiveFrom, command.context.now, latest?.effectiveFrom ?? null);
    if (!effective.ok && effective.reason === 'not_an_instant') throw matrixError('priority_matrix.invalid_field', 'effectiveFrom must be an instant', { field: 'effectiveFrom' });
    if (!effective.ok && effective.reason === 'retroactive') {
      throw matrixError('priority_matrix.retroactive', `A matrix cannot take effect before now (${command.context.now})`, { field: 'effectiveFrom', now: command.context.now });
    }
    if (!effective.ok) {
      throw matrixError('priority_matrix.out_of_order', `Version ${latest!.version} takes effect at ${latest!.effectiveFrom}: a new one must take effect after it`, {
        field: 'effectiveFrom',
        latest: latest!.version,
        latestEffectiveFrom: latest!.effectiveFrom,
      });
    }
    const { effectiveFrom } = effective;
    return [{ type: 'PriorityMatrixDefined', data: { version, effectiveFrom, rows: validRows(command.data.rows) } }];
  },
};

function validRows(rows: readonly (readonly number[])[]): PriorityMatrix['rows'] {
  const wellFormed = Array.isArray(rows) && rows.length === 3 && rows.every((row) => Array.isArray(row) && row.length === 3 && row.every((cell) => PRIORITIES.includes(cell)));
  if (!wellFormed) throw matrixError('priority_matrix.invalid_field', 'rows must be 3 rows (impact 1–3) of 3 priorities 1–5 (urgency 1–3)', { field: 'rows' });
  return rows.map((row) => [row[0], row[1], row[2]] as [Priority, Priority, Priority]);
}

/** The matrix that prices an incident at `at`: the last version in effect by then, or the out-of-the-box one. */
export function matrixInForce(matrices: PriorityMatrices, at: string): PriorityMatrix {
  return versionInForce(matrices.versions, at) ?? DEFAULT_PRIORITY_MATRIX;
}
