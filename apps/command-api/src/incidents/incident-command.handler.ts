import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  accepts,
  INCIDENT_EVENT_SCHEMA_VERSION,
  incidentDecider,
  incidentStream,
  isLiveIncident,
  matrixInForce,
  PRIORITY_MATRICES_STREAM,
  priorityMatricesDecider,
  problemDecider,
  problemStream,
  SLA_CONFIGURATION_STREAM,
  slaConfigurationDecider,
  type AwaitedProblemLookup,
  type IncidentCommand,
} from '@itsm/domain';
import { childAttachmentSteps, detachOnChild, readCiStatuses, recordHolding, RecordNumberAllocator, WritePath, type CommandEnvelope, type WriteOutcome } from '@itsm/write-path';

/** The bus message: a domain command plus what HTTP said about it. */
export class ExecuteIncidentCommand {
  constructor(
    readonly command: IncidentCommand,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(ExecuteIncidentCommand)
export class IncidentCommandHandler implements ICommandHandler<ExecuteIncidentCommand, WriteOutcome> {
  constructor(
    private readonly writer: WritePath,
    private readonly numbers: RecordNumberAllocator,
  ) {}

  async execute({ command, envelope }: ExecuteIncidentCommand): Promise<WriteOutcome> {
    if (command.type === 'DetachChildIncident' && (await this.claimOnly(command.incidentId, command.data.childId))) return detachOnChild(this.writer, command, envelope);
    let number: string | undefined;
    return this.writer.execute({
      decider: incidentDecider,
      stream: incidentStream(command.incidentId),
      schemaVersion: INCIDENT_EVENT_SCHEMA_VERSION,
      envelope,
      request: command,
      command: async (state) => {
        const complete = await this.withLookups(await this.withSlaConfiguration(await this.withPriorityMatrix(await this.withCiStatuses(command))));
        if (complete.type !== 'OpenIncident' || !accepts(incidentDecider, complete, state)) return complete;
        // Taken once per request, however often a conflict makes the command again.
        number ??= await this.numbers.assign('incident', command.incidentId, envelope);
        return { ...complete, data: { ...complete.data, number } };
      },
      crossStream: childAttachmentSteps(this.writer, command, envelope),
    });
  }

  /**
   * The child claims this live parent, which never recorded it (see child-attachment.ts). A parent
   * closed or cancelled is refused as such: the child's attachment to it has lapsed anyway.
   */
  private async claimOnly(parentId: string, childId: string): Promise<boolean> {
    const [parent, child] = await Promise.all([this.writer.load(incidentDecider, incidentStream(parentId)), this.writer.load(incidentDecider, incidentStream(childId))]);
    if (!isLiveIncident(parent.state)) return false;
    const listed = (parent.state.childIds ?? []).includes(childId);
    return !listed && 'parentId' in child.state && child.state.parentId === parentId;
  }

  /** Opening and reclassifying price by the matrix version in force at the command's time, read from the log. */
  private async withPriorityMatrix(command: IncidentCommand): Promise<IncidentCommand> {
    if (command.type !== 'OpenIncident' && command.type !== 'ReclassifyIncident') return command;
    const matrices = await this.writer.load(priorityMatricesDecider, PRIORITY_MATRICES_STREAM);
    const priorityMatrix = matrixInForce(matrices.state, command.context.now);
    return { ...command, data: { ...command.data, priorityMatrix } } as IncidentCommand;
  }

  /** An opening (or an escalation of one not yet measured) starts the SLA the policy in force names: the configuration is read from the log, as it is now. */
  private async withSlaConfiguration(command: IncidentCommand): Promise<IncidentCommand> {
    if (command.type !== 'OpenIncident' && command.type !== 'ReclassifyIncident') return command;
    const configuration = await this.writer.load(slaConfigurationDecider, SLA_CONFIGURATION_STREAM);
    return { ...command, data: { ...command.data, slaConfiguration: configuration.state } } as IncidentCommand;
  }

  /** A child named must be an open incident, a review's problem one raised, an awaited problem one that links the incident: all read from the log. */
  private async withLookups(command: IncidentCommand): Promise<IncidentCommand> {
    if (command.type === 'PutIncidentOnHold' && command.data.reason === 'awaiting_problem' && command.data.awaiting?.kind === 'problem') {
      const awaitedProblem = await this.awaitedProblem(command.data.awaiting.reference, command.incidentId);
      return { ...command, data: { ...command.data, awaitedProblem } };
    }
    if (command.type === 'AttachChildIncident') {
      const child = await this.writer.load(incidentDecider, incidentStream(command.data.childId));
      const childHasChildren = 'childIds' in child.state && (child.state.childIds ?? []).length > 0;
      return { ...command, data: { ...command.data, childStatus: child.state.status, childHasChildren } };
    }
    if (command.type === 'RecordMajorIncidentReview' && typeof command.data.problemId === 'string') {
      const problem = await this.writer.load(problemDecider, problemStream(command.data.problemId));
      return { ...command, data: { ...command.data, problemKnown: problem.state.status !== 'none' } };
    }
    return command;
  }

  /** The problem a hold names, by number (PRB…) or id; null when never raised. */
  private async awaitedProblem(reference: string, incidentId: string): Promise<AwaitedProblemLookup | null> {
    const holder = await recordHolding(this.writer.store, reference.trim().toUpperCase());
    const problemId = holder?.kind === 'problem' ? holder.recordId : reference.trim();
    const problem = await this.writer.load(problemDecider, problemStream(problemId));
    if (problem.state.status === 'none') return null;
    return { status: problem.state.status, linksIncident: 'incidentIds' in problem.state && problem.state.incidentIds.includes(incidentId) };
  }

  /** The incident's CI must exist and not be retired: its status is read from the log for the decider. */
  private async withCiStatuses(command: IncidentCommand): Promise<IncidentCommand> {
    const named = command.type === 'OpenIncident' || command.type === 'EditIncident' ? command.data.configurationItemId : undefined;
    if (typeof named !== 'string') return command;
    return { ...command, data: { ...command.data, ciStatuses: await readCiStatuses(this.writer, [named]) } } as IncidentCommand;
  }
}

