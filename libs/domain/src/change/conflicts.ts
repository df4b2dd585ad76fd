import { assertNever } from '../shared/decider';
import type { BlackoutDefinition } from './blackout-window-events';
import { windowsOverlap, type TimeWindow } from './time-window';

/** A change as the calendar sees it: what it touches, and when. */
export interface CalendarChange {
  readonly changeId: string;
  readonly affectedCiIds: readonly string[];
  readonly window: TimeWindow;
}

/** `from` depends on `to` (an application runs on a server: app → server), from the CMDB read model. */
export interface DependencyEdge {
  readonly from: string;
  readonly to: string;
}

export type CalendarBlackout = { readonly blackoutWindowId: string } & Pick<BlackoutDefinition, 'name' | 'window' | 'scope'>;

export type ChangeConflict =
  /** Another change works on one of our CIs in an overlapping window. */
  | { readonly kind: 'same_ci'; readonly changeId: string; readonly ciId: string; readonly window: TimeWindow }
  /**
   * Another change works on a CI next to one of ours in the dependency graph. `relation` reads
   * "our ciId <relation> their otherCiId": depends_on (theirs is upstream of ours) or dependency_of.
   */
  | {
      readonly kind: 'dependency';
      readonly changeId: string;
      readonly ciId: string;
      readonly otherCiId: string;
      readonly relation: 'depends_on' | 'dependency_of';
      readonly window: TimeWindow;
    }
  | { readonly kind: 'blackout'; readonly blackoutWindowId: string; readonly name: string; readonly window: TimeWindow };

/**
 * Conflicts of `change` with the calendar. Windows are half-open, so touching windows do not
 * conflict. Dependencies are looked at ONE hop, in both directions: a transitive closure over a
 * real CMDB reaches the core network from almost anything, and a warning on every change is one
 * nobody reads. A handler that wants more passes more edges. Blackouts match by explicit scope
 * only (all, or the listed CIs), because freezing is a deliberate, named decision.
 *
 * The handler computes this from read models and passes the result in ScheduleChange; the
 * decider records it and refuses blackouts, so the check and the record cannot drift apart.
 */
export function detectConflicts(
  change: CalendarChange,
  otherChanges: readonly CalendarChange[],
  dependencyEdges: readonly DependencyEdge[],
  blackoutWindows: readonly CalendarBlackout[],
): readonly ChangeConflict[] {
  const overlapping = otherChanges.filter(
    (other) => other.changeId !== change.changeId && windowsOverlap(change.window, other.window),
  );
  const conflicts = [
    ...overlapping.flatMap((other) => changeConflicts(change, other, dependencyEdges)),
    ...blackoutWindows.filter((blackout) => blackedOut(change, blackout)).map(blackoutConflict),
  ];
  return sortConflicts(conflicts);
}

/** A conflict with another change (not a blackout): one that both changes have a side of. */
export type ChangeToChangeConflict = Exclude<ChangeConflict, { kind: 'blackout' }>;

/**
 * The same conflict as the change it names sees it: `recordedBy` was scheduled into its window
 * and recorded `conflict`; from the other side the other change is `recordedBy`, in its window,
 * and a dependency reads the other way round. It is what the other change would have recorded
 * had it been scheduled second, so both records can show one conflict, from one recorded fact.
 */
export function conflictSeenFrom(conflict: ChangeToChangeConflict, recordedBy: Pick<CalendarChange, 'changeId' | 'window'>): ChangeToChangeConflict {
  const { changeId, window } = recordedBy;
  if (conflict.kind === 'same_ci') return { kind: 'same_ci', changeId, ciId: conflict.ciId, window };
  const relation = conflict.relation === 'depends_on' ? 'dependency_of' : 'depends_on';
  return { kind: 'dependency', changeId, ciId: conflict.otherCiId, otherCiId: conflict.ciId, relation, window };
}

/** The stable order detectConflicts records, for any list of conflicts. */
export function sortConflicts<C extends ChangeConflict>(conflicts: readonly C[]): C[] {
  // Code-unit order, not localeCompare: the recorded list must not depend on the machine's locale.
  return [...conflicts].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
}

function changeConflicts(change: CalendarChange, other: CalendarChange, edges: readonly DependencyEdge[]): ChangeConflict[] {
  const theirs = new Set(other.affectedCiIds);
  const { changeId, window } = other;
  const sameCi = change.affectedCiIds
    .filter((ciId) => theirs.has(ciId))
    .map((ciId): ChangeConflict => ({ kind: 'same_ci', changeId, ciId, window }));
  const ours = new Set(change.affectedCiIds);
  const dependency = uniqueEdges(edges).flatMap((edge): ChangeConflict[] => {
    const found: ChangeConflict[] = [];
    if (ours.has(edge.from) && theirs.has(edge.to) && edge.from !== edge.to) {
      found.push({ kind: 'dependency', changeId, ciId: edge.from, otherCiId: edge.to, relation: 'depends_on', window });
    }
    if (ours.has(edge.to) && theirs.has(edge.from) && edge.from !== edge.to) {
      found.push({ kind: 'dependency', changeId, ciId: edge.to, otherCiId: edge.from, relation: 'dependency_of', window });
    }
    return found;
  });
  return [...sameCi, ...dependency];
}

function blackedOut(change: CalendarChange, blackout: CalendarBlackout): boolean {
  if (!windowsOverlap(change.window, blackout.window)) return false;
  const { scope } = blackout;
  return scope.kind === 'all' || change.affectedCiIds.some((ciId) => scope.ciIds.includes(ciId));
}

function blackoutConflict(blackout: CalendarBlackout): ChangeConflict {
  const { blackoutWindowId, name, window } = blackout;
  return { kind: 'blackout', blackoutWindowId, name, window };
}

/** A read model may list an edge twice (two relationship types); it is one conflict. */
function uniqueEdges(edges: readonly DependencyEdge[]): DependencyEdge[] {
  const seen = new Map(edges.map((edge) => [`${edge.from}\u0000${edge.to}`, edge]));
  return [...seen.values()];
}

/**
 * A stable order (blackouts, then each other change, its same-CI conflicts first), so the same
 * calendar always records the same list.
 */
function sortKey(conflict: ChangeConflict): string {
  switch (conflict.kind) {
    case 'blackout':
      return ['0', conflict.blackoutWindowId].join('\u0000');
    case 'same_ci':
      return ['1', conflict.changeId, '0', conflict.ciId].join('\u0000');
    case 'dependency':
      return ['1', conflict.changeId, '1', conflict.ciId, conflict.otherCiId, conflict.relation].join('\u0000');
    default:
      return assertNever(conflict);
  }
}
