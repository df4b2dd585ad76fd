import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { BLACKOUT_WINDOW_EVENT_SCHEMA_VERSION, blackoutWindowDecider, blackoutWindowStream, type BlackoutWindowCommand } from '@itsm/domain';
import { WritePath, type CommandEnvelope, type WriteOutcome } from '@itsm/write-path';

export class ExecuteBlackoutWindowCommand {
  constructor(
    readonly command: BlackoutWindowCommand,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(ExecuteBlackoutWindowCommand)
export class BlackoutWindowCommandHandler implements ICommandHandler<ExecuteBlackoutWindowCommand, WriteOutcome> {
  constructor(private readonly writer: WritePath) {}

  execute({ command, envelope }: ExecuteBlackoutWindowCommand): Promise<WriteOutcome> {
    return this.writer.execute({
      decider: blackoutWindowDecider,
      stream: blackoutWindowStream(command.blackoutWindowId),
      schemaVersion: BLACKOUT_WINDOW_EVENT_SCHEMA_VERSION,
      envelope,
      request: command,
      command: () => command,
    });
  }
}
