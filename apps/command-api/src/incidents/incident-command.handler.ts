import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { INCIDENT_EVENT_SCHEMA_VERSION, incidentDecider, incidentStream, type IncidentCommand } from '@itsm/domain';
import { AggregateWriter } from '../commands/aggregate-writer';
import type { CommandEnvelope, CommandOutcome } from '../commands/decide-and-append';

/** The bus message: a domain command plus what HTTP said about it. */
export class ExecuteIncidentCommand {
  constructor(
    readonly command: IncidentCommand,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(ExecuteIncidentCommand)
export class IncidentCommandHandler implements ICommandHandler<ExecuteIncidentCommand, CommandOutcome> {
  constructor(private readonly writer: AggregateWriter) {}

  execute({ command, envelope }: ExecuteIncidentCommand): Promise<CommandOutcome> {
    return this.writer.execute(incidentDecider, incidentStream(command.incidentId), command, envelope, INCIDENT_EVENT_SCHEMA_VERSION);
  }
}
