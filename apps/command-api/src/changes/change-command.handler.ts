import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  CHANGE_EVENT_SCHEMA_VERSION,
  changeDecider,
  changeStream,
  fold,
  isLiveChange,
  normalizeWindow,
  type AssessChange,
  type ChangeCommand,
  type ChangeConflict,
  type ChangeEvent,
  type ChangeState,
  type ScheduleChange,
  type UpdateChange,
} from '@itsm/domain';
import { AggregateWriter } from '../commands/aggregate-writer';
import type { CommandEnvelope, CommandOutcome } from '../commands/decide-and-append';
import { ChangeLookups } from './change-lookups';

/** What HTTP can say; the handler adds what only the read models know (risk inputs, conflicts). */
export type ChangeRequest =
  | Exclude<ChangeCommand, AssessChange | ScheduleChange>
  | (Omit<AssessChange, 'data'> & { readonly data: Record<string, never> })
  | (Omit<ScheduleChange, 'data'> & { readonly data: Pick<ScheduleChange['data'], 'window'> });

/** Scheduling also tells the caller what it conflicts with (as recorded on the event). */
export type ChangeCommandOutcome = CommandOutcome & { readonly conflicts?: readonly ChangeConflict[] };

export class ExecuteChangeCommand {
  constructor(
    readonly request: ChangeRequest,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(ExecuteChangeCommand)
export class ChangeCommandHandler implements ICommandHandler<ExecuteChangeCommand, ChangeCommandOutcome> {
  constructor(
    private readonly writer: AggregateWriter,
    private readonly lookups: ChangeLookups,
  ) {}

  execute({ request, envelope }: ExecuteChangeCommand): Promise<ChangeCommandOutcome> {
    const stream = changeStream(request.changeId);
    // The lookups run under the lock, so they see the same change the decision folds.
    return this.writer.exclusively(stream, async () => {
      const command = await this.complete(request, stream);
      const outcome = await this.writer.decideAndAppend(changeDecider, stream, command, envelope, CHANGE_EVENT_SCHEMA_VERSION);
      if (request.type !== 'ScheduleChange') return outcome;
      return { ...outcome, conflicts: await this.recordedConflicts(stream, envelope.commandId) };
    });
  }

  /** Read back from the event, so a retried schedule answers with what was recorded the first time. */
  private async recordedConflicts(stream: string, commandId: string): Promise<readonly ChangeConflict[]> {
    const events = await this.writer.store.readStream(stream, { direction: 'backwards', max: 10 });
    const scheduled = events.find((event) => event.type === 'ChangeScheduled' && event.metadata.commandId === commandId);
    return (scheduled?.data as { conflicts?: ChangeConflict[] } | undefined)?.conflicts ?? [];
  }

  private async complete(request: ChangeRequest, stream: string): Promise<ChangeCommand> {
    switch (request.type) {
      case 'AssessChange': {
        const state = await this.state(stream);
        // An unknown or closed change gets its refusal from the decider; it needs no lookups.
        const ciIds = isLiveChange(state) ? state.details.affectedCiIds : [];
        return { ...request, data: await this.lookups.assessmentRequest(ciIds) };
      }
      case 'ScheduleChange': {
        const state = await this.state(stream);
        if (!isLiveChange(state)) return { ...request, data: { ...request.data, conflicts: [] } };
        const window = normalizeWindow(request.data.window) ?? request.data.window;
        const conflicts = await this.lookups.conflicts({ changeId: request.changeId, affectedCiIds: state.details.affectedCiIds, window });
        return { ...request, data: { ...request.data, conflicts } };
      }
      case 'UpdateChange':
        return this.withReassessment(request, stream);
      default:
        return request;
    }
  }

  /** Moving the window or the CIs of an assessed change moves risk inputs: assess again with the new ones. */
  private async withReassessment(request: UpdateChange, stream: string): Promise<UpdateChange> {
    const { window, affectedCiIds } = request.data;
    if (window === undefined && affectedCiIds === undefined) return request;
    const state = await this.state(stream);
    if (!isLiveChange(state) || state.status === 'draft') return request;
    const reassessment = await this.lookups.assessmentRequest(affectedCiIds ?? state.details.affectedCiIds);
    return { ...request, data: { ...request.data, reassessment } };
  }

  private async state(stream: string): Promise<ChangeState> {
    const history = await this.writer.store.readStream(stream);
    return fold(changeDecider, history as unknown as ChangeEvent[]);
  }
}
