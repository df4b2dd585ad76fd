import { type AwaitedReference, type HoldReason, type ImportedIncidentReading, type ImportedStatus, type Impact, type Priority, type Urgency } from '@itsm/domain';

/** The incident audit export of ServiceNow (the "incident event log" format), in its column order. */
export const SERVICENOW_INCIDENT_COLUMNS = [
  'number', 'incident_state', 'active', 'reassignment_count', 'reopen_count', 'sys_mod_count', 'made_sla', 'caller_id', 'opened_by', 'opened_at',
  'sys_created_by', 'sys_created_at', 'sys_updated_by', 'sys_updated_at', 'contact_type', 'location', 'category', 'subcategory', 'u_symptom', 'cmdb_ci',
  'impact', 'urgency', 'priority', 'assignment_group', 'assigned_to', 'knowledge', 'u_priority_confirmation', 'notify', 'problem_id', 'rfc', 'vendor',
  'caused_by', 'closed_code', 'resolved_by', 'resolved_at', 'closed_at',
] as const;
export type ServiceNowColumn = (typeof SERVICENOW_INCIDENT_COLUMNS)[number];
/** Every column of the row as written: the format's, and any other the export added (kept, never dropped). */
export type ServiceNowRow = Readonly<Record<ServiceNowColumn, string> & Record<string, string>>;

/** Columns an export may add that have a field of ours: the short description is the title. */
const TITLE_COLUMNS = ['short_description'];
const DESCRIPTION_COLUMNS = ['description'];

/** The columns that have a field of ours; every other column is kept as a source field. */
const MAPPED: ReadonlySet<string> = new Set<ServiceNowColumn>([
  'number', 'incident_state', 'reassignment_count', 'reopen_count', 'sys_mod_count', 'caller_id', 'opened_by', 'opened_at', 'sys_updated_by', 'sys_updated_at',
  'contact_type', 'location', 'category', 'subcategory', 'u_symptom', 'impact', 'urgency', 'priority', 'assignment_group', 'assigned_to',
]);

/** ServiceNow's states, and how we read them: a state of ours, and a hold's reason. */
const STATES: Readonly<Record<string, { readonly status: ImportedStatus; readonly holdReason?: HoldReason }>> = {
  new: { status: 'new' },
  active: { status: 'in_progress' },
  'in progress': { status: 'in_progress' },
  'awaiting user info': { status: 'on_hold', holdReason: 'awaiting_caller' },
  'awaiting caller': { status: 'on_hold', holdReason: 'awaiting_caller' },
  'awaiting evidence': { status: 'on_hold', holdReason: 'awaiting_evidence' },
  'awaiting problem': { status: 'on_hold', holdReason: 'awaiting_problem' },
  'awaiting change': { status: 'on_hold', holdReason: 'awaiting_change' },
  'awaiting vendor': { status: 'on_hold', holdReason: 'awaiting_vendor' },
  'on hold': { status: 'on_hold', holdReason: 'awaiting_caller' },
  resolved: { status: 'resolved' },
  closed: { status: 'closed' },
  canceled: { status: 'cancelled' },
  cancelled: { status: 'cancelled' },
};

/**
 * What is wrong with a header, or null when it is this format: every column of the format, each
 * once, in any order. Other columns are welcome (kept as source fields); a blank name is not.
 */
export function headerProblem(cells: readonly string[]): string | null {
  const header = cells.map((cell, index) => (index === 0 ? cell.replace(/^\uFEFF/, '') : cell).trim());
  const missing = SERVICENOW_INCIDENT_COLUMNS.filter((column) => !header.includes(column));
  const repeated = header.filter((column, index) => header.indexOf(column) !== index);
  const blank = header.some((column) => column === '');
  if (missing.length === 0 && repeated.length === 0 && !blank) return null;
  const others = header.filter((column) => !(SERVICENOW_INCIDENT_COLUMNS as readonly string[]).includes(column) && column !== '');
  const parts = [
    missing.length > 0 ? `missing ${missing.join(', ')}` : '',
    repeated.length > 0 ? `repeated ${repeated.join(', ')}` : '',
    blank ? 'a column without a name' : '',
    missing.length > 0 && others.length > 0 ? `(it has ${others.join(', ')})` : '',
  ].filter((part) => part !== '');
  return `not a ServiceNow incident audit export (${SERVICENOW_INCIDENT_COLUMNS.length} columns from number to closed_at): ${parts.join('; ')}`;
}

/** The row's cells by column name, in whatever order the header put them; columns beyond the format's included. */
export function rowOf(header: readonly string[], cells: readonly string[]): ServiceNowRow {
  return Object.fromEntries(header.map((column, index) => [column, cells[index] ?? ''])) as ServiceNowRow;
}

/** `?` is ServiceNow's empty value in these exports (an empty cell too). */
export function valueOf(cell: string): string | null {
  return cell === '?' || cell.trim() === '' ? null : cell;
}

export interface ReadingContext {
  /** The wall times of the export, converted (null: not a time of the format). */
  readonly instantOf: (text: string) => string | null;
  readonly priorityMatrixVersion: string;
}

export type RowReading = { readonly ok: true; readonly reading: ImportedIncidentReading; readonly sysModCount: number; readonly updatedAt: string } | { readonly ok: false; readonly reason: string };

/** Our reading of one exported version; a reason when a value cannot be read (the row is reported, never guessed). */
export function readRow(row: ServiceNowRow, context: ReadingContext): RowReading {
  const problems: string[] = [];
  const state = STATES[row.incident_state.trim().toLowerCase()];
  if (state === undefined) problems.push(`incident_state "${row.incident_state}" is not a state we know`);
  const impact = choice(row.impact, 3, 'impact', problems) as Impact;
  const urgency = choice(row.urgency, 3, 'urgency', problems) as Urgency;
  const priority = choice(row.priority, 5, 'priority', problems) as Priority;
  const sysModCount = count(row.sys_mod_count, 'sys_mod_count', problems);
  const reassignmentCount = count(row.reassignment_count, 'reassignment_count', problems);
  const reopenCount = count(row.reopen_count, 'reopen_count', problems);
  const updatedAt = context.instantOf(row.sys_updated_at);
  if (updatedAt === null) problems.push(`sys_updated_at "${row.sys_updated_at}" is not a time of the format given`);
  if (valueOf(row.number) === null) problems.push('number is empty');
  if (problems.length > 0 || state === undefined || updatedAt === null) return { ok: false, reason: problems.join('; ') };
  const holdReason = state.holdReason ?? null;
  const openedAtText = valueOf(row.opened_at);
  const reading: ImportedIncidentReading = {
    status: state.status,
    sourceState: row.incident_state,
    holdReason,
    awaiting: awaited(holdReason, row),
    impact,
    urgency,
    priority,
    priorityMatrixVersion: context.priorityMatrixVersion,
    caller: valueOf(row.caller_id) ?? '',
    details: {
      // This export carries no short description or description unless it added them: never made up.
      title: firstValue(row, TITLE_COLUMNS) ?? '',
      description: firstValue(row, DESCRIPTION_COLUMNS) ?? '',
      category: valueOf(row.category) ?? '',
      subcategory: valueOf(row.subcategory),
      symptom: valueOf(row.u_symptom),
      contactType: valueOf(row.contact_type),
      location: valueOf(row.location),
      // cmdb_ci names the source's CI, not one registered here: kept as a source field.
      configurationItemId: null,
    },
    assignmentGroup: valueOf(row.assignment_group),
    assignee: valueOf(row.assigned_to),
    reassignmentCount,
    reopenCount,
    openedAt: openedAtText === null ? null : context.instantOf(openedAtText),
    openedBy: valueOf(row.opened_by),
    sourceFields: Object.fromEntries(
      Object.keys(row)
        .filter((column) => !MAPPED.has(column) && !TITLE_COLUMNS.includes(column) && !DESCRIPTION_COLUMNS.includes(column))
        .map((column) => [column, valueOf(row[column]!)]),
    ),
  };
  return { ok: true, reading, sysModCount, updatedAt };
}

function firstValue(row: ServiceNowRow, columns: readonly string[]): string | null {
  for (const column of columns) {
    const value = row[column] === undefined ? null : valueOf(row[column]);
    if (value !== null) return value;
  }
  return null;
}

/** `2 - Medium` → 2, within 1..max. */
function choice(cell: string, max: number, column: string, problems: string[]): number {
  const value = Number(/^\s*(\d+)/.exec(cell)?.[1]);
  if (!Number.isInteger(value) || value < 1 || value > max) problems.push(`${column} "${cell}" is not 1 to ${max}`);
  return value;
}

function count(cell: string, column: string, problems: string[]): number {
  const value = Number(cell);
  if (!/^\d+$/.test(cell.trim()) || !Number.isSafeInteger(value)) problems.push(`${column} "${cell}" is not a count`);
  return value;
}

/** A hold awaiting a problem or a change names it when the version does (problem_id, rfc). */
function awaited(reason: HoldReason | null, row: ServiceNowRow): AwaitedReference | null {
  const reference = reason === 'awaiting_problem' ? valueOf(row.problem_id) : reason === 'awaiting_change' ? valueOf(row.rfc) : null;
  if (reference === null) return null;
  return { kind: reason === 'awaiting_problem' ? 'problem' : 'change', reference };
}
