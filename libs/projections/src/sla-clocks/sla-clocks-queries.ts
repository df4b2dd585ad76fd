import type { Priority, SlaMetric } from '@itsm/domain';
import { InvalidCursorError, type Filter, type Page, type ReadStore } from '@itsm/read-store/port';
import { filterOf, type OneOrMany } from '../shared/any-of';
import type { PageRequest } from '../shared/page';
import { SLA_CLOCKS_KEY, type SlaClockDocument, type SlaCycleLine } from './sla-clock-document';

export const BOARD_STATES = ['breached', 'at_risk'] as const;
export type BoardState = (typeof BOARD_STATES)[number];

/** Named after the board line's fields, each one value or several, any of which may match. */
export interface BoardQuery {
  readonly now: string;
  /** Only breached, or only at risk (not yet breached); both when absent. */
  readonly state?: OneOrMany<BoardState>;
  readonly assignmentGroup?: OneOrMany<string>;
  readonly priority?: OneOrMany<Priority>;
  readonly metric?: OneOrMany<SlaMetric>;
}

export interface BoardLine {
  readonly incidentId: string;
  readonly number: string | null;
  readonly metric: SlaMetric;
  readonly cycle: number;
  readonly state: BoardState;
  /** Whether the clock runs now, or stands paused (on hold after its time ran out). */
  readonly clock: 'running' | 'paused';
  readonly priority: Priority | null;
  readonly assignmentGroup: string | null;
  readonly policy: { readonly name: string; readonly version: number } | null;
  readonly targetMs: number;
  /** When the time runs out (at risk) or ran out (breached). */
  readonly deadline: string;
  /** Wall-clock time past the deadline (positive: late) or left before it (negative: at risk). */
  readonly lateByMs: number;
}

export interface BoardPage extends Page<BoardLine> {
  /** The instant the board is judged at: `now` on the first page, kept by its cursor for the next ones. */
  readonly asOf: string;
}

/**
 * The breach board: clocks breached or at risk at `now`, the latest deadline last — the most late
 * first, then the closest to running out. The pages of one board are all judged at the first page's
 * instant (its cursor carries it), so a line never moves between pages while someone reads them.
 */
export async function findSlaBoard(store: ReadStore, board: BoardQuery, page: PageRequest): Promise<BoardPage> {
  const resumed = page.cursor ? boardCursor(page.cursor) : null;
  // A cursor carries the first page's instant; one claiming a later instant than now was not made here.
  if (resumed !== null && resumed.asOf > board.now) throw new InvalidCursorError();
  const asOf = resumed?.asOf ?? board.now;
  const scope = filterOf({ assignmentGroup: board.assignmentGroup, priority: board.priority, metric: board.metric });
  // Every breached line comes before every line at risk (its deadline is past, theirs is not), so the
  // whole board is the breached part then the part at risk: two range reads on the deadline index,
  // where one filter over both would walk every clock without a deadline first.
  const parts: BoardState[] = BOARD_STATES.filter((state) => board.state === undefined || [board.state].flat().includes(state));
  const which = (part: BoardState): Filter => (part === 'breached' ? { deadline: { $lte: asOf } } : { state: 'running', onBoardFrom: { $lte: asOf }, deadline: { $gt: asOf } });
  const items: SlaClockDocument[] = [];
  let part = resumed?.part ?? parts[0]!;
  let cursor = resumed?.cursor ?? null;
  if (!parts.includes(part)) throw new InvalidCursorError();
  for (;;) {
    const found = await store.find<SlaClockDocument>(SLA_CLOCKS_KEY, { filter: { ...scope, ...which(part) }, sort: [{ field: 'deadline', direction: 'asc' }], limit: page.limit - items.length, cursor });
    items.push(...found.items);
    const later = parts[parts.indexOf(part) + 1];
    const next = found.nextCursor !== null ? { part, cursor: found.nextCursor } : later !== undefined ? { part: later, cursor: null } : null;
    if (next === null || items.length >= page.limit) return { asOf, items: items.map((clock) => boardLine(clock, asOf)), nextCursor: next === null ? null : encodeBoardCursor({ asOf, ...next }) };
    ({ part, cursor } = next);
  }
}

function boardLine(clock: SlaClockDocument, asOf: string): BoardLine {
  const lateByMs = Date.parse(asOf) - Date.parse(clock.deadline!);
  return {
    incidentId: clock.incidentId, number: clock.number, metric: clock.metric, cycle: clock.cycle,
    state: lateByMs > 0 ? 'breached' : 'at_risk', clock: clock.state === 'paused' ? 'paused' : 'running',
    priority: clock.priority, assignmentGroup: clock.assignmentGroup, policy: clock.policy, targetMs: clock.targetMs, deadline: clock.deadline!, lateByMs,
  };
}

interface BoardCursor {
  readonly asOf: string;
  readonly part: BoardState;
  readonly cursor: string | null;
}

function encodeBoardCursor(cursor: BoardCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function boardCursor(text: string): BoardCursor {
  try {
    const { asOf, part, cursor } = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as { asOf?: unknown; part?: unknown; cursor?: unknown };
    const known = typeof part === 'string' && (BOARD_STATES as readonly string[]).includes(part);
    if (typeof asOf === 'string' && !Number.isNaN(Date.parse(asOf)) && known && (typeof cursor === 'string' || cursor === null)) return { asOf, part: part as BoardState, cursor };
  } catch {
    // Not ours: refused below like any other malformed cursor.
  }
  throw new InvalidCursorError();
}

/** The clocks that owe a deadline fact at `now`, the longest owed first: the deadline watcher's work. */
export async function findSlaFactsOwed(store: ReadStore, now: string, limit: number): Promise<readonly { readonly incidentId: string; readonly nextFactAt: string }[]> {
  const found = await store.find<SlaClockDocument>(SLA_CLOCKS_KEY, { filter: { nextFactAt: { $lte: now } }, sort: [{ field: 'nextFactAt', direction: 'asc' }], limit });
  return found.items.map(({ incidentId, nextFactAt }) => ({ incidentId, nextFactAt: nextFactAt! }));
}

export const ATTAINMENT_GROUPINGS = ['group', 'priority', 'policy'] as const;
export type AttainmentGrouping = (typeof ATTAINMENT_GROUPINGS)[number];

export interface AttainmentCounts {
  readonly met: number;
  readonly breached: number;
  readonly inProgress: number;
  /** met ÷ (met + breached), in %, one decimal; null when none has a verdict yet. */
  readonly percentage: number | null;
}

export interface AttainmentRow {
  /** The group's name, the priority (as text), or `policy@version`; `(none)` for no group. */
  readonly key: string;
  readonly response: AttainmentCounts;
  readonly resolution: AttainmentCounts;
}

export interface AttainmentReport {
  readonly from: string;
  readonly to: string;
  readonly groupBy: AttainmentGrouping;
  /** The instant running clocks were judged at. */
  readonly asOf: string;
  readonly rows: readonly AttainmentRow[];
  readonly total: Omit<AttainmentRow, 'key'>;
}

/**
 * Attainment over the clock cycles that started in [from, to): met, breached (stopped late, or
 * running or paused past the deadline at `now`) and in progress, per group, priority or policy. A
 * cycle counts under the group and priority it last had. Reads the cycles page by page; the period's
 * cycles are counted whole, never sampled.
 */
export async function slaAttainment(store: ReadStore, query: { readonly from: string; readonly to: string; readonly groupBy: AttainmentGrouping; readonly now: string }): Promise<AttainmentReport> {
  type Tally = { met: number; breached: number; inProgress: number };
  const rows = new Map<string, Record<SlaMetric, Tally>>();
  const empty = (): Record<SlaMetric, Tally> => ({ response: { met: 0, breached: 0, inProgress: 0 }, resolution: { met: 0, breached: 0, inProgress: 0 } });
  const total = empty();
  const filter: Filter = { latestStartedAt: { $gte: query.from }, firstStartedAt: { $lt: query.to } };
  for (let cursor: string | null = null; ; ) {
    const page: Page<SlaClockDocument> = await store.find<SlaClockDocument>(SLA_CLOCKS_KEY, { filter, sort: [{ field: 'latestStartedAt', direction: 'asc' }], limit: 500, cursor });
    for (const clock of page.items) {
      for (const cycle of clock.cycles) {
        if (cycle.startedAt < query.from || cycle.startedAt >= query.to) continue;
        const key = keyOf(query.groupBy, clock, cycle);
        const row = rows.get(key) ?? empty();
        rows.set(key, row);
        const verdict = verdictOf(cycle, query.now);
        row[clock.metric][verdict]++;
        total[clock.metric][verdict]++;
      }
    }
    if (page.nextCursor === null) break;
    cursor = page.nextCursor;
  }
  const counts = ({ met, breached, inProgress }: Tally): AttainmentCounts => ({ met, breached, inProgress, percentage: met + breached === 0 ? null : Math.round((met / (met + breached)) * 1000) / 10 });
  return {
    from: query.from, to: query.to, groupBy: query.groupBy, asOf: query.now,
    rows: [...rows].sort(([a], [b]) => a.localeCompare(b)).map(([key, row]) => ({ key, response: counts(row.response), resolution: counts(row.resolution) })),
    total: { response: counts(total.response), resolution: counts(total.resolution) },
  };
}

function verdictOf(cycle: SlaCycleLine, now: string): 'met' | 'breached' | 'inProgress' {
  if (cycle.state === 'stopped') return cycle.met ? 'met' : 'breached';
  const ranOut = cycle.breachedAt ?? (cycle.state === 'running' ? cycle.dueAt : null);
  return ranOut !== null && ranOut < now ? 'breached' : 'inProgress';
}

function keyOf(groupBy: AttainmentGrouping, clock: SlaClockDocument, cycle: SlaCycleLine): string {
  if (groupBy === 'group') return cycle.assignmentGroup ?? '(none)';
  if (groupBy === 'priority') return String(cycle.priority);
  return clock.policy === null ? '(none)' : `${clock.policy.name}@${clock.policy.version}`;
}
