import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { BLACKOUT_WINDOW_EVENT_SCHEMA_VERSION, blackoutWindowDecider, blackoutWindowStream, type BlackoutWindowCommand } from '@itsm/domain';
import { readCiStatuses, WritePath, type CommandEnvelope, type WriteOutcome } from '@itsm/write-path';

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
      command: () => this.withCiStatuses(command),
    });
  }

  /** A scope's CIs must exist and not be retired, or the blackout would protect nothing. */
  private async withCiStatuses(command: BlackoutWindowCommand): Promise<BlackoutWindowCommand> {
    if (command.type === 'WithdrawBlackoutWindow') return command;
    const scope = command.data.scope as { ciIds?: unknown } | undefined;
    if (!Array.isArray(scope?.ciIds)) return command;
    return { ...command, data: { ...command.data, ciStatuses: await readCiStatuses(this.writer, scope.ciIds) } } as BlackoutWindowCommand;
  }
}
