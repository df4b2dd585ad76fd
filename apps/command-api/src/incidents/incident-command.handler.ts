import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { INCIDENT_EVENT_SCHEMA_VERSION, incidentDecider, incidentStream, type IncidentCommand } from '@itsm/domain';
import { readCiStatuses, WritePath, type CommandEnvelope, type WriteOutcome } from '@itsm/write-path';

/** The bus message: a domain command plus what HTTP said about it. */
export class ExecuteIncidentCommand {
  constructor(
    readonly command: IncidentCommand,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(ExecuteIncidentCommand)
export class IncidentCommandHandler implements ICommandHandler<ExecuteIncidentCommand, WriteOutcome> {
  constructor(private readonly writer: WritePath) {}

  execute({ command, envelope }: ExecuteIncidentCommand): Promise<WriteOutcome> {
    return this.writer.execute({
      decider: incidentDecider,
      stream: incidentStream(command.incidentId),
      schemaVersion: INCIDENT_EVENT_SCHEMA_VERSION,
      envelope,
      request: command,
      command: () => this.withCiStatuses(command),
    });
  }

  /** The incident's CI must exist and not be retired: its status is read from the log for the decider. */
  private async withCiStatuses(command: IncidentCommand): Promise<IncidentCommand> {
    if (command.type === 'OpenIncident' && typeof command.data.configurationItemId === 'string') {
      return { ...command, data: { ...command.data, ciStatuses: await readCiStatuses(this.writer, [command.data.configurationItemId]) } };
    }
    if (command.type === 'EditIncident' && typeof command.data.configurationItemId === 'string') {
      return { ...command, data: { ...command.data, ciStatuses: await readCiStatuses(this.writer, [command.data.configurationItemId]) } };
    }
    return command;
  }
}
