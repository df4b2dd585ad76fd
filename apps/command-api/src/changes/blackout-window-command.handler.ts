import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AppConfig } from '@itsm/config';
import { BLACKOUT_WINDOW_EVENT_SCHEMA_VERSION, blackoutWindowDecider, blackoutWindowStream, type BlackoutWindowCommand } from '@itsm/domain';
import type { EventStore } from '@itsm/event-store';
import { APP_CONFIG, EVENT_STORE } from '@itsm/platform';
import { decideAndAppend, type CommandEnvelope, type CommandOutcome } from '../commands/decide-and-append';
import { StreamLocks } from '../commands/stream-locks';

export class ExecuteBlackoutWindowCommand {
  constructor(
    readonly command: BlackoutWindowCommand,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(ExecuteBlackoutWindowCommand)
export class BlackoutWindowCommandHandler implements ICommandHandler<ExecuteBlackoutWindowCommand, CommandOutcome> {
  private readonly locks = new StreamLocks();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  execute({ command, envelope }: ExecuteBlackoutWindowCommand): Promise<CommandOutcome> {
    const stream = blackoutWindowStream(command.blackoutWindowId);
    return this.locks.run(stream, () =>
      decideAndAppend(this.store, blackoutWindowDecider, stream, command, envelope, {
        conflictRetries: this.config.commandConflictRetries,
        schemaVersion: BLACKOUT_WINDOW_EVENT_SCHEMA_VERSION,
      }),
    );
  }
}
