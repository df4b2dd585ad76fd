import { assertNever, type CommandContext } from '../shared/decider';
import type { ConfigurationItemEvent } from './ci-events';
import type { ReleaseCiName, ReserveCiName } from './ci-name-registry';

/**
 * The two-stream protocol that keeps CI names unique. No store offers a transaction over two
 * streams, so the order of appends carries the guarantee instead:
 *
 *   1. Decide the CI command on the CI stream's state (pure; nothing appended yet), so a request
 *      that is invalid anyway never holds a name.
 *   2. Run `before` (ReserveCiName on `ciNameStream(name)`). `ci.name_taken` ends the command here,
 *      with nothing on the CI stream; a concurrent reservation loses on the name stream's revision.
 *   3. Append the CI events to `ci-<id>`.
 *   4. Run `after` (ReleaseCiName of the old name on rename, of the name on retirement).
 *
 * Invariant: a name is reserved before any CI carries it and released only after no CI does, so
 * uniqueness never breaks; the only failure mode is a name held too long, and that repairs itself:
 * - A retry with the same command id completes the protocol. Both name commands are idempotent
 *   (the holder reserving again, or releasing a free name, decides nothing), and the steps are
 *   derived from events: on a retry whose CI events are already recorded, take the events that
 *   command id recorded and run their `after` steps again.
 * - Each step needs its own command id derived from the client's (say `<commandId>/name-0`): event
 *   ids derive from the command id and are unique across the store, not per stream.
 * - A reservation whose CI events were then refused (step 3 lost a race, then failed on the fresh
 *   state) is released with reason `abandoned`. A client that never retries leaves its name held by a
 *   CI id with no stream; a sweep finds those and releases them the same way.
 */
export interface CiNameSteps {
  readonly before: readonly ReserveCiName[];
  readonly after: readonly ReleaseCiName[];
}

/**
 * The name registry commands that must surround appending `events` (the ones decided, or the ones
 * a retried command already recorded). A rename that only changes case or spacing keeps the same
 * key, so it reserves and releases nothing: releasing would free the name the CI still carries.
 */
export function ciNameSteps(events: readonly ConfigurationItemEvent[], context: CommandContext): CiNameSteps {
  const before: ReserveCiName[] = [];
  const after: ReleaseCiName[] = [];
  for (const event of events) {
    const ciId = event.data.ciId;
    switch (event.type) {
      case 'ConfigurationItemRegistered':
        before.push({ type: 'ReserveCiName', name: event.data.name, data: { ciId }, context });
        break;
      case 'ConfigurationItemRenamed':
        if (event.data.normalisedName === event.data.previousNormalisedName) break;
        before.push({ type: 'ReserveCiName', name: event.data.name, data: { ciId }, context });
        after.push({ type: 'ReleaseCiName', name: event.data.previousNormalisedName, data: { ciId, reason: 'renamed' }, context });
        break;
      case 'ConfigurationItemRetired':
        after.push({ type: 'ReleaseCiName', name: event.data.normalisedName, data: { ciId, reason: 'retired' }, context });
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
  }
  return { before, after };
}
