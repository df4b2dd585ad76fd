import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  accepts,
  changeDecider,
  changeStream,
  incidentDecider,
  incidentStream,
  matrixInForce,
  PRIORITY_MATRICES_STREAM,
  priorityMatricesDecider,
  PROBLEM_EVENT_SCHEMA_VERSION,
  problemDecider,
  problemStream,
  type FixChangeLookup,
  type IncidentLookup,
  type ProblemCommand,
} from '@itsm/domain';
import { readCiStatuses, RecordNumberAllocator, WritePath, type CommandEnvelope, type WriteOutcome } from '@itsm/write-path';

export class ExecuteProblemCommand {
  constructor(
    readonly command: ProblemCommand,
    readonly envelope: CommandEnvelope,
  ) {}
}

/** Problems: the decider decides; the handler reads from the log what it cannot see (the matrix, CIs, incidents, the fix change). */
@CommandHandler(ExecuteProblemCommand)
export class ProblemCommandHandler implements ICommandHandler<ExecuteProblemCommand, WriteOutcome> {
  constructor(
    private readonly writer: WritePath,
    private readonly numbers: RecordNumberAllocator,
  ) {}

  execute({ command, envelope }: ExecuteProblemCommand): Promise<WriteOutcome> {
    let number: string | undefined;
    return this.writer.execute({
      decider: problemDecider,
      stream: problemStream(command.problemId),
      schemaVersion: PROBLEM_EVENT_SCHEMA_VERSION,
      envelope,
      request: command,
      command: async (state) => {
        const complete = await this.completed(command, state.status === 'none' ? null : (state as { fixChangeId?: string | null }).fixChangeId ?? null);
        if (complete.type !== 'RaiseProblem' || !accepts(problemDecider, complete, state)) return complete;
        number ??= await this.numbers.assign('problem', command.problemId, envelope);
        return { ...complete, data: { ...complete.data, number } };
      },
    });
  }

  private async completed(command: ProblemCommand, fixChangeId: string | null): Promise<ProblemCommand> {
    switch (command.type) {
      case 'RaiseProblem': {
        const matrices = await this.writer.load(priorityMatricesDecider, PRIORITY_MATRICES_STREAM);
        const named = command.data.configurationItemId;
        return {
          ...command,
          data: {
            ...command.data,
            priorityMatrix: matrixInForce(matrices.state, command.context.now),
            incidents: await this.incidents(command.data.incidentIds ?? []),
            ...(typeof named === 'string' ? { ciStatuses: await readCiStatuses(this.writer, [named]) } : {}),
          },
        };
      }
      case 'ReclassifyProblem': {
        const matrices = await this.writer.load(priorityMatricesDecider, PRIORITY_MATRICES_STREAM);
        return { ...command, data: { ...command.data, priorityMatrix: matrixInForce(matrices.state, command.context.now) } };
      }
      case 'LinkIncident':
        return { ...command, data: { ...command.data, incidents: await this.incidents([command.data.incidentId]) } };
      case 'LinkFixChange':
        return { ...command, data: { ...command.data, change: await this.change(command.data.changeId) } };
      case 'ResolveProblem':
        return fixChangeId === null ? command : { ...command, data: { ...command.data, fixChange: await this.change(fixChangeId) } };
      default:
        return command;
    }
  }

  private async incidents(incidentIds: readonly string[]): Promise<IncidentLookup> {
    const found: Record<string, IncidentLookup[string]> = {};
    for (const incidentId of incidentIds) {
      const { state } = await this.writer.load(incidentDecider, incidentStream(incidentId));
      found[incidentId] = state.status === 'none' ? 'unknown' : state.status === 'closed' || state.status === 'cancelled' ? state.status : 'open';
    }
    return found;
  }

  /** The change's status, and the outcome its implementation was completed with (kept by the log, not by a closed change's state). */
  private async change(changeId: string): Promise<FixChangeLookup | null> {
    const { state } = await this.writer.load(changeDecider, changeStream(changeId));
    if (state.status === 'none') return null;
    const events = await this.writer.store.readStream(changeStream(changeId));
    const completed = events.filter((event) => event.type === 'ChangeImplementationCompleted').at(-1);
    return { changeId, status: state.status, outcome: (completed?.data as { outcome?: string } | undefined)?.outcome ?? null };
  }
}
