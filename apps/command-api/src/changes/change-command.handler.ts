import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  accepts,
  CHANGE_EVENT_SCHEMA_VERSION,
  changeDecider,
  changeStream,
  isLiveChange,
  normalizeWindow,
  type AssessChange,
  type ChangeCommand,
  type ChangeConflict,
  type ChangeState,
  type ScheduleChange,
  type UpdateChange,
} from '@itsm/domain';
import { readCiStatuses, RecordNumberAllocator, WritePath, type CommandEnvelope, type WriteOutcome, type WrittenEvent } from '@itsm/write-path';
import { ChangeLookups } from './change-lookups';

/** What HTTP can say; the handler adds what only the read models know (risk inputs, conflicts). */
export type ChangeRequest =
  | Exclude<ChangeCommand, AssessChange | ScheduleChange>
  | (Omit<AssessChange, 'data'> & { readonly data: Record<string, never> })
  | (Omit<ScheduleChange, 'data'> & { readonly data: Pick<ScheduleChange['data'], 'window'> });

/** Scheduling also tells the caller what it conflicts with (as recorded on the event). */
export type ChangeCommandOutcome = WriteOutcome & { readonly conflicts?: readonly ChangeConflict[] };

export class ExecuteChangeCommand {
  constructor(
    readonly request: ChangeRequest,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(ExecuteChangeCommand)
export class ChangeCommandHandler implements ICommandHandler<ExecuteChangeCommand, ChangeCommandOutcome> {
  constructor(
    private readonly writer: WritePath,
    private readonly lookups: ChangeLookups,
    private readonly numbers: RecordNumberAllocator,
  ) {}

  async execute({ request, envelope }: ExecuteChangeCommand): Promise<ChangeCommandOutcome> {
    let number: string | undefined;
    const outcome = await this.writer.execute({
      decider: changeDecider,
      stream: changeStream(request.changeId),
      schemaVersion: CHANGE_EVENT_SCHEMA_VERSION,
      envelope,
      request,
      // Made on the state the decision folds, and made again after a conflict.
      command: async (state) => {
        const complete = await this.complete(request, state);
        if (complete.type !== 'RaiseChange' || !accepts(changeDecider, complete, state)) return complete;
        // Taken once per request, however often a conflict makes the command again; never for a refused one.
        number ??= await this.numbers.assign('change', request.changeId, envelope);
        return { ...complete, data: { ...complete.data, number } };
      },
    });
    return request.type === 'ScheduleChange' ? { ...outcome, conflicts: recordedConflicts(outcome.events) } : outcome;
  }

  private async complete(request: ChangeRequest, state: ChangeState): Promise<ChangeCommand> {
    switch (request.type) {
      case 'AssessChange': {
        // An unknown or closed change gets its refusal from the decider; it needs no lookups.
        const ciIds = isLiveChange(state) ? state.details.affectedCiIds : [];
        return { ...request, data: await this.lookups.assessmentRequest(ciIds) };
      }
      case 'ScheduleChange': {
        if (!isLiveChange(state)) return { ...request, data: { ...request.data, conflicts: [] } };
        const window = normalizeWindow(request.data.window) ?? request.data.window;
        const conflicts = await this.lookups.conflicts({ changeId: request.changeId, affectedCiIds: state.details.affectedCiIds, window });
        return { ...request, data: { ...request.data, conflicts } };
      }
      case 'RaiseChange':
        return { ...request, data: { ...request.data, ciStatuses: await readCiStatuses(this.writer, request.data.affectedCiIds) } };
      case 'UpdateChange': {
        if (request.data.affectedCiIds === undefined) return this.withReassessment(request, state);
        const ciStatuses = await readCiStatuses(this.writer, request.data.affectedCiIds);
        return this.withReassessment({ ...request, data: { ...request.data, ciStatuses } }, state);
      }
      default:
        return request;
    }
  }

  /** Moving the window or the CIs of an assessed change moves risk inputs: assess again with the new ones. */
  private async withReassessment(request: UpdateChange, state: ChangeState): Promise<UpdateChange> {
    const { window, affectedCiIds } = request.data;
    if (window === undefined && affectedCiIds === undefined) return request;
    if (!isLiveChange(state) || state.status === 'draft') return request;
    // CIs the decider will refuse are not worth a walk of the graph.
    if (affectedCiIds !== undefined && !affectedCiIds.every((ciId) => usable(request.data.ciStatuses?.[ciId]))) return request;
    const reassessment = await this.lookups.assessmentRequest(affectedCiIds ?? state.details.affectedCiIds);
    return { ...request, data: { ...request.data, reassessment } };
  }
}


function usable(status: string | undefined): boolean {
  return status !== undefined && status !== 'retired';
}

/** As recorded on the event, so a replayed schedule answers with what was recorded the first time. */
function recordedConflicts(events: readonly WrittenEvent[]): readonly ChangeConflict[] {
  const scheduled = events.find((event) => event.type === 'ChangeScheduled');
  return (scheduled?.data as { conflicts?: ChangeConflict[] } | undefined)?.conflicts ?? [];
}
