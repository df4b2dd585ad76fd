import { assertNever, type CommandContext } from '../shared/decider';
import type { ConfigurationItemEvent } from './ci-events';
import type { CiNameIntent, ReleaseCiName, ReserveCiName } from './ci-name-registry';

/**
 * The two-stream protocol that keeps CI names unique. No store offers a transaction over two
 * streams, so the order of appends, the revisions they are made at, and an intent recorded with
 * each reservation carry the guarantee instead (ADR 8, and ADR 12 for crashes):
 *
 *   1. Load the CI stream (revision R) and decide the CI command on it (pure; nothing appended), so
 *      a request that is invalid anyway never holds a name. Seal its events for revision R.
 *   2. Run `before`: ReserveCiName on `ciNameStream(name)`, recording the intent (command id, R and
 *      the sealed events). `ci.name_taken` ends the command, with nothing on the CI stream.
 *   3. Append the sealed events to `ci-<id>` at exactly revision R.
 *   4. Run `after`: ReleaseCiName of the name the CI let go of (rename, retirement), valid only for
 *      a reservation older than the event that let go of it.
 *   If step 3 meets a conflict, the reservation is released on condition that its intent is still
 *   the latest, and the command is decided again from step 1 at the new revision.
 *
 * Invariant: a CI carries a name only if the name's latest reservation is that CI's, because the
 * CI events a reservation names can only land at the revision it names, and a release can only
 * take effect on the reservation it was decided for. Crashes leave a name held too long, never
 * shared; recovery (ci-name-recovery.ts) finds such names and finishes or undoes the command.
 */
export interface CiNameSteps {
  readonly before: readonly ReserveCiName[];
  readonly after: readonly ReleaseCiName[];
}

/**
 * The name registry commands around appending `intent.events` (decided on the CI stream at
 * `intent.ciRevision`; `events` are their domain content, in the same order). A rename that only
 * changes case or spacing keeps the same key, so it reserves and releases nothing: releasing would
 * free the name the CI still carries.
 */
export function ciNameSteps(events: readonly ConfigurationItemEvent[], intent: CiNameIntent, context: CommandContext): CiNameSteps {
  const before: ReserveCiName[] = [];
  const after: ReleaseCiName[] = [];
  events.forEach((event, index) => {
    const ciId = event.data.ciId;
    const letGo = { kind: 'let_go', ciRevision: intent.ciRevision + 1 + index } as const;
    switch (event.type) {
      case 'ConfigurationItemRegistered':
        before.push({ type: 'ReserveCiName', name: event.data.name, data: { ciId, intent }, context });
        break;
      case 'ConfigurationItemRenamed':
        if (event.data.normalisedName === event.data.previousNormalisedName) break;
        before.push({ type: 'ReserveCiName', name: event.data.name, data: { ciId, intent }, context });
        after.push({ type: 'ReleaseCiName', name: event.data.previousNormalisedName, data: { ciId, reason: 'renamed', condition: letGo }, context });
        break;
      case 'ConfigurationItemRetired':
        after.push({ type: 'ReleaseCiName', name: event.data.normalisedName, data: { ciId, reason: 'retired', condition: letGo }, context });
        break;
      case 'ConfigurationItemAttributesUpdated':
      case 'ConfigurationItemStatusChanged':
      case 'ConfigurationItemOwnerGroupChanged':
      case 'ConfigurationItemRelationshipAdded':
      case 'ConfigurationItemRelationshipRemoved':
        break;
      default:
        assertNever(event);
    }
  });
  return { before, after };
}

/** Undoes a reservation whose CI events did not land, unless a later reservation has replaced it. */
export function abandonReservation(reservation: ReserveCiName): ReleaseCiName {
  const { ciId, intent } = reservation.data;
  const condition = { kind: 'intent', commandId: intent.commandId, ciRevision: intent.ciRevision } as const;
  return { type: 'ReleaseCiName', name: reservation.name, data: { ciId, reason: 'abandoned', condition }, context: reservation.context };
}
