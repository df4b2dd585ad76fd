import {
  BLACKOUT_WINDOW_STREAM_PREFIX,
  CHANGE_STREAM_PREFIX,
  CI_NAME_STREAM_PREFIX,
  CI_STREAM_PREFIX,
  INCIDENT_STREAM_PREFIX,
  PERSONAL_DATA_ERASURE_STREAM_PREFIX,
  PRIORITY_MATRICES_STREAM,
  PROBLEM_STREAM_PREFIX,
  PROJECTION_CONTROL_STREAM_PREFIX,
  RECORD_NUMBER_COUNTER_STREAM_PREFIX,
  RECORD_NUMBER_STREAM_PREFIX,
} from '@itsm/domain';
import { LOG_CHECKPOINTS_STREAM, LOG_INTEGRITY_STREAM } from '@itsm/event-store/port';

/**
 * The write path's Idempotency-Key records (libs/write-path, idempotency-registry.ts). Written out
 * here because a projection may not import the write path; stream-types.spec.ts holds them equal.
 */
export const IDEMPOTENCY_STREAM_PREFIX = 'idempotency-';
/** The importers' record of their runs (libs/migration); written out for the same reason. */
export const IMPORT_RUNS_STREAM = 'import-runs';

/**
 * Every stream kind the platform writes, by the prefix of its name. Longest first: `ci-name-` must
 * be tried before `ci-`, whose prefix it shares.
 */
const KNOWN_STREAM_TYPES: readonly (readonly [prefix: string, type: string])[] = [
  [BLACKOUT_WINDOW_STREAM_PREFIX, 'blackout-window'],
  [PRIORITY_MATRICES_STREAM, 'priority-matrices'],
  // Incident and change numbers: who holds each, and the blocks of new ones handed out (ADR 18).
  [RECORD_NUMBER_COUNTER_STREAM_PREFIX, 'record-number-blocks'],
  [RECORD_NUMBER_STREAM_PREFIX, 'record-number'],
  // The log's own records: its signed checkpoints and its integrity alarms.
  [LOG_CHECKPOINTS_STREAM, 'log-checkpoints'],
  [LOG_INTEGRITY_STREAM, 'log-integrity'],
  [IDEMPOTENCY_STREAM_PREFIX, 'idempotency'],
  [IMPORT_RUNS_STREAM, 'import-runs'],
  // Each erasure of a person's personal data, named by the person's key id (ADR 20).
  [PERSONAL_DATA_ERASURE_STREAM_PREFIX, 'personal-data-erasure'],
  // A projection paused at an event it cannot apply, and the admin's order to go on.
  [PROJECTION_CONTROL_STREAM_PREFIX, 'projection-control'],
  [INCIDENT_STREAM_PREFIX, 'incident'],
  [PROBLEM_STREAM_PREFIX, 'problem'],
  [CI_NAME_STREAM_PREFIX, 'ci-name'],
  [CHANGE_STREAM_PREFIX, 'change'],
  [CI_STREAM_PREFIX, 'ci'],
];

export const KNOWN_STREAM_TYPE_NAMES: readonly string[] = KNOWN_STREAM_TYPES.map(([, type]) => type);

/**
 * What kind of stream this is, for filtering an audit trail: a known kind by its prefix, otherwise
 * the name up to its first `-` (a kind added later, e.g. `problem-…` → `problem`), or the whole name
 * when it has none. Pure, so a replay always derives the same kind.
 */
export function streamTypeOf(stream: string): string {
  const known = KNOWN_STREAM_TYPES.find(([prefix]) => stream.startsWith(prefix));
  if (known) return known[1];
  const dash = stream.indexOf('-');
  return dash > 0 ? stream.slice(0, dash) : stream;
}
