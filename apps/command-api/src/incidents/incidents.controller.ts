import { Body, Controller, HttpCode, Inject, Param, Post, Headers, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { IncidentCommand } from '@itsm/domain';
import { deterministicId, type EventStore } from '@itsm/event-store';
import { ApiCommandProblems, CLOCK, type Clock, CurrentPrincipal, EVENT_STORE, IncidentIdPipe, NoFieldsPipe, type Principal, resolveRecordId } from '@itsm/platform';
import { commandEnvelope, type CommandHeaders } from '../commands/command-headers';
import { numberRecorded, type WriteOutcome } from '@itsm/write-path';
import { ExecuteIncidentCommand } from './incident-command.handler';
import * as dto from './incident.dtos';


type Data<T extends IncidentCommand['type']> = Extract<IncidentCommand, { type: T }>['data'];

@ApiTags('incidents')
@ApiBearerAuth()
@ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Retrying with the same key appends nothing twice and returns the first answer' })
@ApiHeader({ name: 'If-Match', required: false, description: 'The ETag of the revision last seen (from a command or a GET), or *; 412 if the incident has changed since' })
@ApiCommandProblems()
@Controller('incidents')
export class IncidentsController {
  constructor(
    private readonly bus: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(EVENT_STORE) private readonly events: EventStore,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Open an incident; priority comes from the impact × urgency matrix' })
  @ApiCreatedResponse({ type: dto.OpenedDto })
  open(@Body() body: dto.OpenIncidentDto, @CurrentPrincipal() who: Principal, @Headers() headers: CommandHeaders, @Res({ passthrough: true }) reply: FastifyReply) {
    const key = headers['idempotency-key'];
    // A retried open must land on the same stream, so the id derives from the idempotency key.
    const id = key === undefined ? randomUUID() : deterministicId('incident', who.subject, key);
    // The priority matrix in force is looked up by the handler, from the log.
    return this.run('OpenIncident', id, body as Data<'OpenIncident'>, who, headers, reply);
  }

  @Post(':id/start') @HttpCode(200) @ApiOperation({ summary: 'Start working a new incident: it moves to in progress (assigning it does not)' }) @ApiOkResponse({ type: dto.CommandAcceptedDto })
  start(@Param('id', IncidentIdPipe) id: string, @Body(NoFieldsPipe) _none: Record<string, never>, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: FastifyReply) {
    return this.run('StartIncidentWork', id, {}, who, h, r);
  }

  @Post(':id/edit') @HttpCode(200) @ApiOperation({ summary: 'Correct what the incident is described by (title, description, category, subcategory, symptom, contact type, location, CI): each change recorded with its value before' }) @ApiOkResponse({ type: dto.CommandAcceptedDto })
  edit(@Param('id', IncidentIdPipe) id: string, @Body() body: dto.EditIncidentDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: FastifyReply) {
    return this.run('EditIncident', id, body, who, h, r);
  }

  @Post(':id/reclassify') @HttpCode(200) @ApiOperation({ summary: 'Change impact and urgency (priority follows), with a reason' }) @ApiOkResponse({ type: dto.CommandAcceptedDto })
  reclassify(@Param('id', IncidentIdPipe) id: string, @Body() body: dto.ReclassifyIncidentDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: FastifyReply) {
    return this.run('ReclassifyIncident', id, body as Data<'ReclassifyIncident'>, who, h, r);
  }

  @Post(':id/assign') @HttpCode(200) @ApiOperation({ summary: 'First assignment to a group and/or assignee' }) @ApiOkResponse({ type: dto.CommandAcceptedDto })
  assign(@Param('id', IncidentIdPipe) id: string, @Body() body: dto.AssignIncidentDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: FastifyReply) {
    return this.run('AssignIncident', id, body, who, h, r);
  }

  @Post(':id/reassign') @HttpCode(200) @ApiOperation({ summary: 'Move to another group or assignee, with a reason (counted)' }) @ApiOkResponse({ type: dto.CommandAcceptedDto })
  reassign(@Param('id', IncidentIdPipe) id: string, @Body() body: dto.ReassignIncidentDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: FastifyReply) {
    return this.run('ReassignIncident', id, body, who, h, r);
  }

  @Post(':id/work-notes') @HttpCode(200) @ApiOperation({ summary: 'Add an internal work note' }) @ApiOkResponse({ type: dto.CommandAcceptedDto })
  addWorkNote(@Param('id', IncidentIdPipe) id: string, @Body() body: dto.NoteDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: FastifyReply) {
    return this.run('AddWorkNote', id, body, who, h, r);
  }

  @Post(':id/comments') @HttpCode(200) @ApiOperation({ summary: 'Add a comment visible to the caller' }) @ApiOkResponse({ type: dto.CommandAcceptedDto })
  addComment(@Param('id', IncidentIdPipe) id: string, @Body() body: dto.NoteDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: FastifyReply) {
    return this.run('AddComment', id, body, who, h, r);
  }

  @Post(':id/hold') @HttpCode(200) @ApiOperation({ summary: 'Put on hold, awaiting the caller, evidence, a change, a problem or a vendor (naming which, if you will)' }) @ApiOkResponse({ type: dto.CommandAcceptedDto })
  hold(@Param('id', IncidentIdPipe) id: string, @Body() body: dto.HoldIncidentDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: FastifyReply) {
    return this.run('PutIncidentOnHold', id, body, who, h, r);
  }

  @Post(':id/resume') @HttpCode(200) @ApiOperation({ summary: 'Take off hold' }) @ApiOkResponse({ type: dto.CommandAcceptedDto })
  resume(@Param('id', IncidentIdPipe) id: string, @Body(NoFieldsPipe) _none: Record<string, never>, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: FastifyReply) {
    return this.run('ResumeIncident', id, {}, who, h, r);
  }

  @Post(':id/resolve') @HttpCode(200) @ApiOperation({ summary: 'Resolve with a resolution code and notes' }) @ApiOkResponse({ type: dto.CommandAcceptedDto })
  resolve(@Param('id', IncidentIdPipe) id: string, @Body() body: dto.ResolveIncidentDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: FastifyReply) {
    return this.run('ResolveIncident', id, body, who, h, r);
  }

  @Post(':id/reopen') @HttpCode(200) @ApiOperation({ summary: 'Reopen a resolved incident, with a reason (counted)' }) @ApiOkResponse({ type: dto.CommandAcceptedDto })
  reopen(@Param('id', IncidentIdPipe) id: string, @Body() body: dto.ReasonDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: FastifyReply) {
    return this.run('ReopenIncident', id, body, who, h, r);
  }

  @Post(':id/close') @HttpCode(200) @ApiOperation({ summary: 'Close a resolved incident (final)' }) @ApiOkResponse({ type: dto.CommandAcceptedDto })
  close(@Param('id', IncidentIdPipe) id: string, @Body(NoFieldsPipe) _none: Record<string, never>, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: FastifyReply) {
    return this.run('CloseIncident', id, {}, who, h, r);
  }

  @Post(':id/propose-major') @HttpCode(200) @ApiOperation({ summary: 'Propose it as a major incident, with a reason' }) @ApiOkResponse({ type: dto.CommandAcceptedDto })
  proposeMajor(@Param('id', IncidentIdPipe) id: string, @Body() body: dto.ReasonDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: FastifyReply) {
    return this.run('ProposeMajorIncident', id, body, who, h, r);
  }

  @Post(':id/accept-major') @HttpCode(200) @ApiOperation({ summary: 'Accept a proposed major incident, with a reason (managers and admins)' }) @ApiOkResponse({ type: dto.CommandAcceptedDto })
  acceptMajor(@Param('id', IncidentIdPipe) id: string, @Body() body: dto.ReasonDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: FastifyReply) {
    return this.run('AcceptMajorIncident', id, body, who, h, r);
  }

  @Post(':id/decline-major') @HttpCode(200) @ApiOperation({ summary: 'Decline a proposed major incident, with a reason (managers and admins)' }) @ApiOkResponse({ type: dto.CommandAcceptedDto })
  declineMajor(@Param('id', IncidentIdPipe) id: string, @Body() body: dto.ReasonDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: FastifyReply) {
    return this.run('DeclineMajorIncident', id, body, who, h, r);
  }

  @Post(':id/attach-child') @HttpCode(200) @ApiOperation({ summary: 'Attach an open child incident: resolving this one resolves it with the same resolution' }) @ApiOkResponse({ type: dto.CommandAcceptedDto })
  async attachChild(@Param('id', IncidentIdPipe) id: string, @Body() body: dto.ChildIncidentDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: FastifyReply) {
    return this.run('AttachChildIncident', id, { childId: await resolveRecordId(this.events, 'incident', body.childId, 'childId') }, who, h, r);
  }

  @Post(':id/detach-child') @HttpCode(200) @ApiOperation({ summary: 'Detach a child incident, with a reason' }) @ApiOkResponse({ type: dto.CommandAcceptedDto })
  async detachChild(@Param('id', IncidentIdPipe) id: string, @Body() body: dto.DetachChildDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: FastifyReply) {
    return this.run('DetachChildIncident', id, { childId: await resolveRecordId(this.events, 'incident', body.childId, 'childId'), reason: body.reason }, who, h, r);
  }

  @Post(':id/major-review') @HttpCode(200) @ApiOperation({ summary: "Record a major incident's review (what happened, timeline, actions, the problem that follows): it is closed only after" }) @ApiOkResponse({ type: dto.CommandAcceptedDto })
  async majorReview(@Param('id', IncidentIdPipe) id: string, @Body() body: dto.MajorIncidentReviewDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: FastifyReply) {
    const problemId = typeof body.problemId === 'string' ? await resolveRecordId(this.events, 'problem', body.problemId, 'problemId') : null;
    return this.run('RecordMajorIncidentReview', id, { ...body, problemId }, who, h, r);
  }

  @Post(':id/cancel') @HttpCode(200) @ApiOperation({ summary: 'Cancel an incident opened in error (final)' }) @ApiOkResponse({ type: dto.CommandAcceptedDto })
  cancel(@Param('id', IncidentIdPipe) id: string, @Body() body: dto.ReasonDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: FastifyReply) {
    return this.run('CancelIncident', id, body, who, h, r);
  }

  private async run<T extends IncidentCommand['type']>(type: T, incidentId: string, data: Data<T>, who: Principal, headers: CommandHeaders, reply: FastifyReply) {
    const envelope = commandEnvelope(who, headers, this.clock());
    const command = { type, incidentId, data: { ...data }, context: { actor: who.subject, now: envelope.occurredAt } } as IncidentCommand;
    const outcome = await this.bus.execute<ExecuteIncidentCommand, WriteOutcome>(new ExecuteIncidentCommand(command, envelope));
    void reply.header('etag', `"${outcome.revision}"`);
    if (outcome.replayed) void reply.header('idempotent-replayed', 'true');
    const accepted = { id: incidentId, revision: outcome.revision, position: outcome.position };
    return type === 'OpenIncident' ? { ...accepted, number: numberRecorded(outcome, 'IncidentOpened') } : accepted;
  }
}
