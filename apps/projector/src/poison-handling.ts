import { randomUUID } from 'node:crypto';
import { PROJECTION_CONTROL_SCHEMA_VERSION, projectionControlDecider, projectionControlStream, type PoisonEvent, type ProjectionControlCommand } from '@itsm/domain';
import type { PoisonHandling } from '@itsm/projections';
import type { WritePath } from '@itsm/write-path';

/** Who the log names for a pause: the projector itself. */
export const PROJECTOR_ACTOR = 'system:projector';

/**
 * A runner's pauses and orders, as facts of the projection's control stream (projection-control.ts
 * in the domain): the pause recorded by the projector, the order given by an admin through the
 * command API, read back here.
 */
export function pausesInTheLog(writer: WritePath, projection: string, clock: () => Date, pollMs: number): PoisonHandling {
  const stream = projectionControlStream(projection);
  return {
    pollMs,
    paused: async (poison: PoisonEvent) => {
      const now = clock().toISOString();
      const command: ProjectionControlCommand = { type: 'PauseProjection', projection, data: poison, context: { actor: PROJECTOR_ACTOR, now } };
      // A new id each time: the decider itself records nothing when it is paused there already.
      const commandId = randomUUID();
      await writer.execute({
        decider: projectionControlDecider,
        stream,
        schemaVersion: PROJECTION_CONTROL_SCHEMA_VERSION,
        envelope: { commandId, correlationId: commandId, actor: PROJECTOR_ACTOR, occurredAt: now },
        request: { type: command.type, data: { projection, ...poison } },
        command: () => command,
      });
    },
    order: async (poison: PoisonEvent) => {
      const { state } = await writer.load(projectionControlDecider, stream);
      if (state.paused !== null) return null;
      return state.lastResume?.position === poison.position ? state.lastResume.mode : null;
    },
  };
}
