import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  CI_EVENT_SCHEMA_VERSION,
  ciNameDecider,
  ciNameStream,
  ciNameSteps,
  configurationItemDecider,
  configurationItemStream,
  fold,
  type CiNameCommand,
  type CommandContext,
  type ConfigurationItemCommand,
  type ConfigurationItemEvent,
} from '@itsm/domain';
import { ProblemException } from '@itsm/platform';
import { AggregateWriter } from '../commands/aggregate-writer';
import type { CommandEnvelope, CommandOutcome } from '../commands/decide-and-append';

export class ExecuteCiCommand {
  constructor(
    readonly command: ConfigurationItemCommand,
    readonly envelope: CommandEnvelope,
  ) {}
}

/**
 * Runs a CI command inside the name protocol of ci-name-protocol.ts: reserve names, append the CI
 * events, release names. Every step is idempotent under the command id, so a retried request
 * (same Idempotency-Key) completes whatever a failed one left undone and appends nothing twice.
 */
@CommandHandler(ExecuteCiCommand)
export class CiCommandHandler implements ICommandHandler<ExecuteCiCommand, CommandOutcome> {
  constructor(private readonly writer: AggregateWriter) {}

  execute({ command, envelope }: ExecuteCiCommand): Promise<CommandOutcome> {
    const stream = configurationItemStream(command.ciId);
    return this.writer.exclusively(stream, async () => this.protocol(stream, await this.withTargetStatus(command), envelope));
  }

  /**
   * A relationship's target lives on another stream, which the decider cannot see: its status is
   * read from the log itself (not a read model, which may not have caught up with a CI registered
   * a moment ago) and put in the command.
   */
  private async withTargetStatus(command: ConfigurationItemCommand): Promise<ConfigurationItemCommand> {
    if (command.type !== 'AddConfigurationItemRelationship') return command;
    const events = await this.writer.store.readStream(configurationItemStream(command.data.targetCiId));
    const target = fold(configurationItemDecider, events as unknown as ConfigurationItemEvent[]);
    if (target.status === 'none') {
      throw new ProblemException(422, 'ci.target_not_found', `No configuration item ${command.data.targetCiId} exists`, [
        { field: 'targetCiId', reason: 'unknown configuration item' },
      ]);
    }
    return { ...command, data: { ...command.data, targetStatus: target.status } };
  }

  private async protocol(stream: string, command: ConfigurationItemCommand, envelope: CommandEnvelope): Promise<CommandOutcome> {
    const history = (await this.writer.store.readStream(stream)).map((event) => event as unknown as ConfigurationItemEvent & { metadata: { commandId: string } });
    const recorded = history.filter((event) => event.metadata.commandId === envelope.commandId);
    if (recorded.length > 0) {
      // A retry of a command whose CI events are recorded: only the releases may be missing.
      await this.runNameSteps(ciNameSteps(recorded, command.context).after, envelope, 'after');
      return this.appendCi(stream, command, envelope);
    }
    // Decide first (pure, nothing appended), so an invalid request never holds a name.
    const state = fold(configurationItemDecider, history);
    const steps = ciNameSteps(configurationItemDecider.decide(command, state), command.context);
    await this.runNameSteps(steps.before, envelope, 'before');
    const outcome = await this.appendCi(stream, command, envelope).catch(async (error: unknown) => {
      await this.abandon(steps.before, envelope);
      throw error;
    });
    await this.runNameSteps(steps.after, envelope, 'after');
    return outcome;
  }

  private appendCi(stream: string, command: ConfigurationItemCommand, envelope: CommandEnvelope): Promise<CommandOutcome> {
    return this.writer.decideAndAppend(configurationItemDecider, stream, command, envelope, CI_EVENT_SCHEMA_VERSION);
  }

  /** Each step gets its own command id: event ids derive from it and are unique across the store. */
  private async runNameSteps(steps: readonly CiNameCommand[], envelope: CommandEnvelope, phase: 'before' | 'after' | 'abandon'): Promise<void> {
    for (const [index, step] of steps.entries()) {
      const stepEnvelope = nameStepEnvelope(envelope, `${phase}-${index}`);
      await this.writer.decideAndAppend(ciNameDecider, ciNameStream(step.name), step, stepEnvelope, CI_EVENT_SCHEMA_VERSION);
    }
  }

  /** The CI events were refused after the names were reserved: give the names back. */
  private async abandon(reservations: readonly CiNameCommand[], envelope: CommandEnvelope): Promise<void> {
    const releases = reservations.map((step): CiNameCommand => ({
      type: 'ReleaseCiName',
      name: step.name,
      data: { ciId: step.data.ciId, reason: 'abandoned' },
      context: step.context satisfies CommandContext,
    }));
    // Best effort: a name left held is repaired by a retry or the sweep (ci-name-protocol.ts).
    await this.runNameSteps(releases, envelope, 'abandon').catch(() => undefined);
  }
}

/** The client's If-Match is about the CI stream, never the name's. */
function nameStepEnvelope(envelope: CommandEnvelope, step: string): CommandEnvelope {
  const { expectedRevision, ...rest } = envelope;
  void expectedRevision;
  return { ...rest, commandId: `${envelope.commandId}/name-${step}` };
}
