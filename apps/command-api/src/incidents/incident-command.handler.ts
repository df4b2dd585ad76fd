import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AppConfig } from '@itsm/config';
import { INCIDENT_EVENT_SCHEMA_VERSION, incidentDecider, incidentStream, type IncidentCommand } from '@itsm/domain';
import type { EventStore } from '@itsm/event-store';
import { APP_CONFIG, EVENT_STORE } from '@itsm/platform';
import { decideAndAppend, type CommandEnvelope, type CommandOutcome } from '../commands/decide-and-append';
import { StreamLocks } from '../commands/stream-locks';

/** The bus message: a domain command plus what HTTP said about it. */
export class ExecuteIncidentCommand {
  constructor(
    readonly command: IncidentCommand,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(ExecuteIncidentCommand)
export class IncidentCommandHandler implements ICommandHandler<ExecuteIncidentCommand, CommandOutcome> {
  private readonly locks = new StreamLocks();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  execute({ command, envelope }: ExecuteIncidentCommand): Promise<CommandOutcome> {
    const stream = incidentStream(command.incidentId);
    return this.locks.run(stream, () =>
      decideAndAppend(this.store, incidentDecider, stream, command, envelope, {
        conflictRetries: this.config.commandConflictRetries,
        schemaVersion: INCIDENT_EVENT_SCHEMA_VERSION,
      }),
    );
  }
}
