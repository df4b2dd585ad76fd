import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { configurationItemDecider, configurationItemStream, type ConfigurationItemCommand } from '@itsm/domain';
import { ProblemException } from '@itsm/platform';
import { CiCommandProtocol, WritePath, type CommandEnvelope, type WriteOutcome } from '@itsm/write-path';

export class ExecuteCiCommand {
  constructor(
    readonly command: ConfigurationItemCommand,
    readonly envelope: CommandEnvelope,
  ) {}
}

/** A relationship names a target that was never registered (the log says so, not a read model). */
export const targetNotFound = (targetCiId: string): ProblemException =>
  new ProblemException(422, 'ci.target_not_found', `No configuration item ${targetCiId} exists`, [{ field: 'targetCiId', reason: 'unknown configuration item' }]);

/** Runs a CI command inside the name protocol (CiCommandProtocol), which keeps CI names unique. */
@CommandHandler(ExecuteCiCommand)
export class CiCommandHandler implements ICommandHandler<ExecuteCiCommand, WriteOutcome> {
  private readonly protocol: CiCommandProtocol;

  constructor(private readonly writer: WritePath) {
    this.protocol = new CiCommandProtocol(writer);
  }

  execute({ command, envelope }: ExecuteCiCommand): Promise<WriteOutcome> {
    return this.protocol.execute(command, envelope, () => this.withTargetStatus(command));
  }

  /**
   * A relationship's target lives on another stream, which the decider cannot see: its status is
   * read from the log itself (not a read model, which may not have caught up with a CI registered
   * a moment ago) and put in the command.
   */
  private async withTargetStatus(command: ConfigurationItemCommand): Promise<ConfigurationItemCommand> {
    if (command.type !== 'AddConfigurationItemRelationship') return command;
    const target = await this.writer.load(configurationItemDecider, configurationItemStream(command.data.targetCiId));
    if (target.state.status === 'none') {
      throw targetNotFound(command.data.targetCiId);
    }
    return { ...command, data: { ...command.data, targetStatus: target.state.status } };
  }
}
