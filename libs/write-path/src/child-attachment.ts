import { INCIDENT_EVENT_SCHEMA_VERSION, incidentDecider, incidentStream, type DetachFromParent, type IncidentCommand, type IncidentEvent } from '@itsm/domain';
import type { CommandEnvelope, WriteOutcome } from './command-envelope';
import type { CrossStreamSteps, WritePath } from './write-path';

/**
 * An attachment lives on both streams (incident-major.ts in the domain): the child's claim
 * (IncidentAttachedToParent) is recorded before the parent's IncidentChildAttached, so that of two
 * parents taking one child at once exactly one wins, on the child's stream. The claim is undone when
 * the parent's append loses a race; a detachment is completed on the child after the parent's.
 * Each step has its own command id, derived from the client's, so a retry repeats nothing.
 */
export function childAttachmentSteps(writer: WritePath, command: IncidentCommand, envelope: CommandEnvelope): CrossStreamSteps<IncidentEvent> | undefined {
  const parentId = command.incidentId;
  const { context } = command;
  if (command.type === 'AttachChildIncident') {
    const { childId } = command.data;
    return {
      plan: (_decided, _sealed, revision) => {
        let claimed = false;
        return {
          before: async () => {
            const currentParentEnded = await parentEnded(writer, childId);
            const claim = await onChild(writer, { type: 'AttachToParent', incidentId: childId, data: { parentId, currentParentEnded }, context }, envelope, `attach-to-parent/${revision}`);
            claimed = claim.events.length > 0;
          },
          // Only a claim this attempt made: another request's claim for the same parent is not ours to undo.
          abandon: async () => {
            if (!claimed) return;
            const undo: DetachFromParent = { type: 'DetachFromParent', incidentId: childId, data: { parentId, reason: 'The attachment did not land on the parent (it changed meanwhile)' }, context };
            await onChild(writer, undo, envelope, `abandon-attach/${revision}`).catch(() => undefined);
          },
        };
      },
      after: async () => undefined,
    };
  }
  if (command.type === 'DetachChildIncident') {
    return {
      plan: () => ({ before: async () => undefined, abandon: async () => undefined }),
      after: async () => void (await detachOnChild(writer, command, envelope)),
    };
  }
  return undefined;
}

/** Whether the parent the child is attached to now is closed or cancelled (false when it has none). */
async function parentEnded(writer: WritePath, childId: string): Promise<boolean> {
  const child = await writer.load(incidentDecider, incidentStream(childId));
  if (!('parentId' in child.state) || child.state.parentId === undefined) return false;
  const parent = await writer.load(incidentDecider, incidentStream(child.state.parentId));
  return parent.state.status === 'closed' || parent.state.status === 'cancelled';
}

/**
 * The child's side of a detachment: after the parent's, and alone for a claim the parent never
 * recorded (a crash between the two appends), where the parent has nothing to record.
 */
export function detachOnChild(writer: WritePath, command: Extract<IncidentCommand, { type: 'DetachChildIncident' }>, envelope: CommandEnvelope): Promise<WriteOutcome> {
  const { childId, reason } = command.data;
  return onChild(writer, { type: 'DetachFromParent', incidentId: childId, data: { parentId: command.incidentId, reason }, context: command.context }, envelope, 'detach-from-parent');
}

/**
 * Written without taking the child's turn: the parent's is held, and two incidents each attaching the
 * other would otherwise wait on each other for ever. The store's revision check still orders them.
 */
function onChild(writer: WritePath, command: IncidentCommand, envelope: CommandEnvelope, step: string): Promise<WriteOutcome> {
  const { commandId, correlationId, actor, occurredAt } = envelope;
  return writer.write({
    decider: incidentDecider,
    stream: incidentStream(command.incidentId),
    schemaVersion: INCIDENT_EVENT_SCHEMA_VERSION,
    // The client's If-Match and key are about the parent's stream; the child's step is found again by its own id.
    envelope: { commandId: `${commandId}/${step}`, correlationId, causationId: envelope.causationId, actor, occurredAt, repeatable: 'stream' },
    request: { type: command.type, data: { incidentId: command.incidentId, ...command.data } },
    command: () => command,
  });
}
