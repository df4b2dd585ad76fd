import {
  abandonReservation,
  CI_EVENT_SCHEMA_VERSION,
  ciNameDecider,
  ciNameStream,
  ciNameSteps,
  configurationItemDecider,
  configurationItemStream,
  type CiNameCommand,
  type CiNameIntent,
  type CommandContext,
  type ConfigurationItemCommand,
  type ConfigurationItemEvent,
  type ConfigurationItemState,
} from '@itsm/domain';
import type { NewEvent } from '@itsm/event-store/port';
import type { CommandEnvelope, WriteOutcome, WrittenEvent } from '../command-envelope';
import type { CrossStreamSteps, WritePath } from '../write-path';

/**
 * Runs a CI command inside the name protocol (ci-name-protocol.ts in the domain): the name is
 * reserved with the command's intent before its events are appended at the revision they were
 * decided on, and the name the CI let go of is released after. Whatever a crash leaves undone is
 * finished or undone by a retry of the same request, or by recovery in the projector
 * (ci-name-recovery.ts), whichever comes first.
 */
export class CiCommandProtocol {
  constructor(private readonly writer: WritePath) {}

  /** `complete` adds what the decider cannot see (a relationship target's status) on the state just loaded. */
  execute(
    request: ConfigurationItemCommand,
    envelope: CommandEnvelope,
    complete: (state: ConfigurationItemState) => Promise<ConfigurationItemCommand>,
  ): Promise<WriteOutcome> {
    return this.writer.execute({
      decider: configurationItemDecider,
      stream: configurationItemStream(request.ciId),
      schemaVersion: CI_EVENT_SCHEMA_VERSION,
      envelope,
      request,
      command: complete,
      crossStream: this.nameSteps(envelope, request.context),
    });
  }

  /** The releases a CI command's recorded events call for; also what recovery runs after finishing one. */
  releaseAfter(events: readonly WrittenEvent[], envelope: CommandEnvelope, context: CommandContext): Promise<void> {
    const first = events[0];
    if (first === undefined) return Promise.resolve();
    const intent = intentFor(envelope, first.metadata.commandType, first.revision - 1, events);
    return this.run(ciNameSteps(events as unknown as ConfigurationItemEvent[], intent, context).after, envelope, 'release');
  }

  private nameSteps(envelope: CommandEnvelope, context: CommandContext): CrossStreamSteps<ConfigurationItemEvent> {
    return {
      plan: (decided, sealed, revision, commandType) => {
        const { before } = ciNameSteps(decided, intentFor(envelope, commandType, revision, sealed), context);
        // One reservation at most: an intent that recovery can finish must hold every name it needs.
        if (before.length > 1) throw new Error(`A CI command may reserve one name, not ${before.length}`);
        return {
          before: () => this.run(before, envelope, `reserve/${revision}`),
          // Best effort: a reservation left behind is released by recovery, since these events can no longer land.
          abandon: () => this.run(before.map(abandonReservation), envelope, `abandon/${revision}`).catch(() => undefined),
        };
      },
      after: (events) => this.releaseAfter(events, envelope, context),
    };
  }

  /**
   * Each step has its own command id (event ids derive from it and are unique across the store),
   * found again by a retry through the name stream itself, which is short.
   */
  private async run(steps: readonly CiNameCommand[], envelope: CommandEnvelope, phase: string): Promise<void> {
    for (const [index, step] of steps.entries()) {
      await this.writer.execute({
        decider: ciNameDecider,
        stream: ciNameStream(step.name),
        schemaVersion: CI_EVENT_SCHEMA_VERSION,
        envelope: stepEnvelope(envelope, `${phase}/${index}`),
        request: step,
        command: () => step,
      });
    }
  }
}

function intentFor(envelope: CommandEnvelope, commandType: string, ciRevision: number, events: readonly NewEvent[]): CiNameIntent {
  return { commandId: envelope.commandId, commandType, ciRevision, events: events.map(({ type, data, metadata }) => ({ type, data, metadata: { ...metadata } })) };
}

/** A step of the client's command: its own id, and the client's If-Match is about the CI stream only. */
function stepEnvelope(envelope: CommandEnvelope, step: string): CommandEnvelope {
  const { commandId, correlationId, actor, occurredAt } = envelope;
  return { commandId: `${commandId}/${step}`, correlationId, actor, occurredAt, repeatable: 'stream' };
}
