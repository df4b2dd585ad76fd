import { Body, Controller, Headers, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { CHANGE_ERROR_CODES, changeStream } from '@itsm/domain';
import type { FastifyReply } from 'fastify';
import { deterministicId, timeOrderedId } from '@itsm/event-store';
import { ApiCommands, ApiProblems, ApiTag, approvalGroupsOf, ChangeIdPipe, type Clock, CLOCK, CurrentPrincipal, NoFieldsPipe, type Principal, ProblemException } from '@itsm/platform';
import { commandEnvelope, type CommandHeaders } from '../commands/command-headers';
import { SAMPLE_ID } from '../commands/samples';
import { CommandAcceptedDto, OpenedDto } from '../incidents/incident.dtos';
import { numberRecorded } from '@itsm/write-path';
import { ExecuteChangeCommand, type ChangeCommandOutcome, type ChangeRequest } from './change-command.handler';
import { findTemplate } from '@itsm/projections';
import * as dto from './change.dtos';

// Who may plan, carry out and check changes is declared in the permission table (libs/platform, ADR 14).

type Data<T extends ChangeRequest['type']> = Extract<ChangeRequest, { type: T }>['data'];
type Reply = FastifyReply;
/** DTO instances to plain data: events hold JSON, not classes. */
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** A standard change names a template that is not among the approved ones. */
const templateUnknown = (): ProblemException =>
  new ProblemException(422, 'change.template_unknown', 'No approved standard change template has this id', [{ field: 'templateId', reason: 'unknown template' }]);

@ApiTag('changes', 'Changes: raise, assess, approve, schedule, implement, review and close them.')
@ApiBearerAuth()
@ApiCommands({ rules: [CHANGE_ERROR_CODES], stream: changeStream(SAMPLE_ID), etag: true })
@Controller('changes')
export class ChangesController {
  constructor(
    private readonly bus: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Raise a change: normal or emergency with its plans, or standard from a template (authorized at once)', description: 'Records ChangeRaised with the next change number (CHG…). A normal or emergency change carries its plans, window and affected CIs and goes on to assessment; a standard change comes from a pre-approved template and is authorized at once.' })
  @ApiCreatedResponse({ type: OpenedDto })
  @ApiProblems(templateUnknown())
  raise(@Body() body: dto.RaiseChangeDto, @CurrentPrincipal() who: Principal, @Headers() headers: CommandHeaders, @Res({ passthrough: true }) reply: Reply) {
    const key = headers['idempotency-key'];
    // A retried raise must land on the same stream, so the id derives from the idempotency key.
    const id = key === undefined ? timeOrderedId() : deterministicId('change', who.subject, key);
    const { changeType, title, justification, window, affectedCiIds, assignee = null } = plain(body);
    const common = { title, justification, window, affectedCiIds, assignee };
    if (changeType !== 'standard') {
      const { implementationPlan = '', backoutPlan = '', testPlan = '' } = body;
      return this.run('RaiseChange', id, { ...common, changeType, implementationPlan, backoutPlan, testPlan }, who, headers, reply, true);
    }
    const template = findTemplate(body.templateId ?? '');
    if (template === undefined) {
      throw templateUnknown();
    }
    const { id: templateId, version, content } = template;
    return this.run('RaiseChange', id, { ...common, changeType, template: { id: templateId, version, content } }, who, headers, reply, true);
  }

  @Post(':id/update') @HttpCode(200) @ApiOperation({ summary: 'Edit the change; editing plans, window or CIs after approval asks the approvers again', description: 'Edits the change. Editing plans, the window or the affected CIs after approval asks the approvers again (their approval named the content they saw).' }) @ApiOkResponse({ type: CommandAcceptedDto })
  update(@Param('id', ChangeIdPipe) id: string, @Body() body: dto.UpdateChangeDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: Reply) {
    return this.run('UpdateChange', id, plain(body), who, h, r);
  }

  @Post(':id/assign') @HttpCode(200) @ApiOperation({ summary: 'Assign the change to an implementer', description: 'Assigns the change to an implementer. Someone who approved the change cannot implement it.' }) @ApiOkResponse({ type: CommandAcceptedDto })
  assign(@Param('id', ChangeIdPipe) id: string, @Body() body: dto.AssignChangeDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: Reply) {
    return this.run('AssignChange', id, plain(body), who, h, r);
  }

  @Post(':id/assess') @HttpCode(200) @ApiOperation({ summary: 'Assess the risk (from the CMDB and past changes) and fix the approval rule', description: 'Assesses the risk from the CMDB (the affected CIs and their impact) and past changes, and fixes the approval rule the change needs. Only a draft is assessed; it takes no body.' }) @ApiOkResponse({ type: CommandAcceptedDto })
  assess(@Param('id', ChangeIdPipe) id: string, @Body(NoFieldsPipe) _none: Record<string, never>, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: Reply) {
    return this.run('AssessChange', id, {}, who, h, r);
  }

  @Post(':id/approve') @HttpCode(200) @ApiOperation({ summary: 'Approve the content with this hash, as a member of the rule\'s group', description: 'Approves the content with this hash, as a member of the approval rule\'s group: content changed since is refused (409 change.content_mismatch). Neither the requester nor the implementer may approve.' }) @ApiOkResponse({ type: CommandAcceptedDto })
  approve(@Param('id', ChangeIdPipe) id: string, @Body() body: dto.ApproveChangeDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: Reply) {
    const { contentHash, comment = null } = body;
    return this.run('ApproveChange', id, { contentHash, comment, approverGroups: approvalGroupsOf(who) }, who, h, r);
  }

  @Post(':id/reject') @HttpCode(200) @ApiOperation({ summary: 'Veto: the change goes back to draft for rework', description: 'Vetoes the change with a reason: it goes back to draft for rework.' }) @ApiOkResponse({ type: CommandAcceptedDto })
  reject(@Param('id', ChangeIdPipe) id: string, @Body() body: dto.RejectChangeDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: Reply) {
    return this.run('RejectChange', id, { contentHash: body.contentHash, comment: body.comment, approverGroups: approvalGroupsOf(who) }, who, h, r);
  }

  @Post(':id/schedule') @HttpCode(200) @ApiOperation({ summary: 'Schedule inside the authorized window; conflicts are recorded and returned, blackouts refused (emergency: overridden)', description: 'Schedules the change within its authorized window. Conflicts with other changes are recorded and returned; a blackout window refuses it, unless the change is an emergency (recorded as an override).' }) @ApiOkResponse({ type: dto.ScheduleAcceptedDto })
  schedule(@Param('id', ChangeIdPipe) id: string, @Body() body: dto.ScheduleChangeDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: Reply) {
    return this.run('ScheduleChange', id, plain(body), who, h, r);
  }

  @Post(':id/start') @HttpCode(200) @ApiOperation({ summary: 'Start implementation (emergency: may start early, flagged for a retrospective review)', description: 'Starts implementation within the scheduled window. An emergency change may start before it is authorized or outside its window; it is then flagged for a retrospective review. It takes no body.' }) @ApiOkResponse({ type: CommandAcceptedDto })
  start(@Param('id', ChangeIdPipe) id: string, @Body(NoFieldsPipe) _none: Record<string, never>, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: Reply) {
    return this.run('StartImplementation', id, {}, who, h, r);
  }

  @Post(':id/complete') @HttpCode(200) @ApiOperation({ summary: 'Record the implementation outcome', description: 'Records the outcome of the implementation; the change then awaits its post-implementation review.' }) @ApiOkResponse({ type: CommandAcceptedDto })
  complete(@Param('id', ChangeIdPipe) id: string, @Body() body: dto.CompleteChangeDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: Reply) {
    return this.run('CompleteImplementation', id, plain(body), who, h, r);
  }

  @Post(':id/review') @HttpCode(200) @ApiOperation({ summary: 'Record the post-implementation review: the change authority, not the requester or implementer', description: 'Records the post-implementation review. Only the change authority reviews; never the requester or the implementer.' }) @ApiOkResponse({ type: CommandAcceptedDto })
  review(@Param('id', ChangeIdPipe) id: string, @Body() body: dto.ReviewChangeDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: Reply) {
    return this.run('RecordReview', id, plain(body), who, h, r);
  }

  @Post(':id/retrospective-review') @HttpCode(200) @ApiOperation({ summary: 'The emergency CAB reviews an emergency start after the fact', description: 'Records the emergency CAB review of an emergency change that started unauthorized or outside its window; such a change is closed only after it.' }) @ApiOkResponse({ type: CommandAcceptedDto })
  retrospective(@Param('id', ChangeIdPipe) id: string, @Body() body: dto.RetrospectiveReviewDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: Reply) {
    return this.run('RecordRetrospectiveReview', id, { ...plain(body), reviewerGroups: approvalGroupsOf(who) }, who, h, r);
  }

  @Post(':id/close') @HttpCode(200) @ApiOperation({ summary: 'Close after review (and any retrospective review)', description: 'Closes the change after its post-implementation review (and any retrospective review). It takes no body.' }) @ApiOkResponse({ type: CommandAcceptedDto })
  close(@Param('id', ChangeIdPipe) id: string, @Body(NoFieldsPipe) _none: Record<string, never>, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: Reply) {
    return this.run('CloseChange', id, {}, who, h, r);
  }

  @Post(':id/cancel') @HttpCode(200) @ApiOperation({ summary: 'Abandon a change that has not started', description: 'Cancels a change that has not started, with a reason: once implementation has started it can no longer be cancelled.' }) @ApiOkResponse({ type: CommandAcceptedDto })
  cancel(@Param('id', ChangeIdPipe) id: string, @Body() body: dto.ChangeReasonDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: Reply) {
    return this.run('CancelChange', id, plain(body), who, h, r);
  }

  private async run<T extends ChangeRequest['type']>(type: T, changeId: string, data: Data<T>, who: Principal, headers: CommandHeaders, reply: Reply, opens = false) {
    const made = commandEnvelope(who, headers, this.clock());
    // A change raised under an id made for this request: its stream cannot exist yet, so it is not read.
    const envelope = opens ? { ...made, newStream: changeStream(changeId) } : made;
    const request = { type, changeId, data, context: { actor: who.subject, now: envelope.occurredAt } } as ChangeRequest;
    const outcome = await this.bus.execute<ExecuteChangeCommand, ChangeCommandOutcome>(new ExecuteChangeCommand(request, envelope));
    void reply.header('etag', `"${outcome.revision}"`);
    if (outcome.replayed) void reply.header('idempotent-replayed', 'true');
    const accepted = { id: changeId, revision: outcome.revision, position: outcome.position };
    if (type === 'RaiseChange') return { ...accepted, number: numberRecorded(outcome, 'ChangeRaised') };
    return outcome.conflicts ? { ...accepted, conflicts: outcome.conflicts } : accepted;
  }
}
