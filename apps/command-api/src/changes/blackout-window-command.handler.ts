import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { BLACKOUT_WINDOW_EVENT_SCHEMA_VERSION, blackoutWindowDecider, blackoutWindowStream, type BlackoutWindowCommand } from '@itsm/domain';
import { AggregateWriter } from '../commands/aggregate-writer';
import type { CommandEnvelope, CommandOutcome } from '../commands/decide-and-append';

export class ExecuteBlackoutWindowCommand {
  constructor(
    readonly command: BlackoutWindowCommand,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(ExecuteBlackoutWindowCommand)
export class BlackoutWindowCommandHandler implements ICommandHandler<ExecuteBlackoutWindowCommand, CommandOutcome> {
  constructor(private readonly writer: AggregateWriter) {}

  execute({ command, envelope }: ExecuteBlackoutWindowCommand): Promise<CommandOutcome> {
    const stream = blackoutWindowStream(command.blackoutWindowId);
    return this.writer.execute(blackoutWindowDecider, stream, command, envelope, BLACKOUT_WINDOW_EVENT_SCHEMA_VERSION);
  }
}
