import { Body, Controller, HttpCode, Inject, Param, Post, Headers, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { INCIDENT_ERROR_CODES, incidentStream } from '@itsm/domain';
import type { FastifyReply } from 'fastify';
import type { IncidentCommand } from '@itsm/domain';
import { deterministicId, timeOrderedId, type EventStore } from '@itsm/event-store';
import { ApiCommands, ApiTag, CLOCK, type Clock, CurrentPrincipal, EVENT_STORE, IncidentIdPipe, NoFieldsPipe, type Principal, resolveRecordId } from '@itsm/platform';
import { commandEnvelope, type CommandHeaders } from '../commands/command-headers';
import { SAMPLE_ID } from '../commands/samples';
import { numberRecorded, type WriteOutcome } from '@itsm/write-path';
import { ExecuteIncidentCommand } from './incident-command.handler';
import * as dto from './incident.dtos';


type Data<T extends IncidentCommand['type']> = Extract<IncidentCommand, { type: T }>['data'];

@ApiTag('incidents', 'Incidents: open, work, hold, resolve and close them; major incidents and their children; the priority matrix.')
@ApiBearerAuth()
@ApiCommands({ rules: [INCIDENT_ERROR_CODES], stream: incidentStream(SAMPLE_ID), etag: true })
@Controller('incidents')
export class IncidentsController {
  constructor(
    private readonly bus: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(EVENT_STORE) private readonly events: EventStore,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Open an incident; priority comes from the impact × urgency matrix', description: 'Records IncidentOpened with the next incident number (INC…), which every path then takes in place of the id. With an Idempotency-Key the id derives from the key, so a retried open lands on the same incident. The priority is looked up in the matrix version in force, and recorded with it.' })
  @ApiCreatedResponse({ type: dto.OpenedDto })
  open(@Body() body: dto.OpenIncidentDto, @CurrentPrincipal() who: Principal, @Headers() headers: CommandHeaders, @Res({ passthrough: true }) reply: FastifyReply) {
    const key = headers['idempotency-key'];
    // A retried open must land on the same stream, so the id derives from the idempotency key.
    const id = key === undefined ? timeOrderedId() : deterministicId('incident', who.subject, key);
    // The priority matrix in force is looked up by the handler, from the log. An id made here names a stream nothing can be on yet.
    return this.run('OpenIncident', id, body as Data<'OpenIncident'>, who, headers, reply, key === undefined);
  }

  @Post(':id/start') @HttpCode(200) @ApiOperation({ summary: 'Start working a new incident: it moves to in progress (assigning it does not)', description: 'Moves a new incident to in progress. Only a new incident can be started (409 incident.work_already_started); it takes no body.' }) @ApiOkResponse({ type: dto.CommandAcceptedDto })
  start(@Param('id', IncidentIdPipe) id: string, @Body(NoFieldsPipe) _none: Record<string, never>, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: FastifyReply) {
    return this.run('StartIncidentWork', id, {}, who, h, r);
  }

  @Post(':id/edit') @HttpCode(200) @ApiOperation({ summary: 'Correct what the incident is described by (title, description, category, subcategory, symptom, contact type, location, CI): each change recorded with its value before', description: 'Send only the fields that change; title, description and category may be changed but not emptied, the others emptied with null. Each change is recorded with the value it replaces; a request that changes nothing is refused (422 incident.details_unchanged).' }) @ApiOkResponse({ type: dto.CommandAcceptedDto })
  edit(@Param('id', IncidentIdPipe) id: string, @Body() body: dto.EditIncidentDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: FastifyReply) {
    return this.run('EditIncident', id, body, who, h, r);
  }

  @Post(':id/reclassify') @HttpCode(200) @ApiOperation({ summary: 'Change impact and urgency (priority follows), with a reason', description: 'Sets a new impact and urgency, with the reason; the priority is recomputed from the matrix in force. Reclassifying must change one of them (422 incident.classification_unchanged).' }) @ApiOkResponse({ type: dto.CommandAcceptedDto })
  reclassify(@Param('id', IncidentIdPipe) id: string, @Body() body: dto.ReclassifyIncidentDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: FastifyReply) {
    return this.run('ReclassifyIncident', id, body as Data<'ReclassifyIncident'>, who, h, r);
  }

  @Post(':id/assign') @HttpCode(200) @ApiOperation({ summary: 'First assignment to a group and/or assignee', description: 'Fills an empty assignment group and/or assignee. Changing a group or assignee already set is a reassignment (409 incident.already_assigned); an assignee needs a group.' }) @ApiOkResponse({ type: dto.CommandAcceptedDto })
  assign(@Param('id', IncidentIdPipe) id: string, @Body() body: dto.AssignIncidentDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: FastifyReply) {
    return this.run('AssignIncident', id, body, who, h, r);
  }

  @Post(':id/reassign') @HttpCode(200) @ApiOperation({ summary: 'Move to another group or assignee, with a reason (counted)', description: 'Moves the incident to another group or assignee with a reason; each reassignment is counted on the incident. It needs a current assignment group (409 incident.not_assigned).' }) @ApiOkResponse({ type: dto.CommandAcceptedDto })
  reassign(@Param('id', IncidentIdPipe) id: string, @Body() body: dto.ReassignIncidentDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: FastifyReply) {
    return this.run('ReassignIncident', id, body, who, h, r);
  }

  @Post(':id/work-notes') @HttpCode(200) @ApiOperation({ summary: 'Add an internal work note', description: 'Adds an internal note for the people working the incident; it is listed at GET /incidents/{id}/work-notes.' }) @ApiOkResponse({ type: dto.CommandAcceptedDto })
  addWorkNote(@Param('id', IncidentIdPipe) id: string, @Body() body: dto.NoteDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: FastifyReply) {
    return this.run('AddWorkNote', id, body, who, h, r);
  }

  @Post(':id/comments') @HttpCode(200) @ApiOperation({ summary: 'Add a comment visible to the caller', description: 'Adds a comment meant for the caller; it is listed at GET /incidents/{id}/comments.' }) @ApiOkResponse({ type: dto.CommandAcceptedDto })
  addComment(@Param('id', IncidentIdPipe) id: string, @Body() body: dto.NoteDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: FastifyReply) {
    return this.run('AddComment', id, body, who, h, r);
  }

  @Post(':id/hold') @HttpCode(200) @ApiOperation({ summary: 'Put on hold, awaiting the caller, evidence, a change, a problem or a vendor (naming which, if you will)', description: 'Puts the incident on hold with a reason. A hold awaiting a change, a problem or a vendor may name what it waits for; awaiting a problem must name a raised, open problem that links the incident, and its resolution resumes the incident.' }) @ApiOkResponse({ type: dto.CommandAcceptedDto })
  hold(@Param('id', IncidentIdPipe) id: string, @Body() body: dto.HoldIncidentDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: FastifyReply) {
    return this.run('PutIncidentOnHold', id, body, who, h, r);
  }

  @Post(':id/resume') @HttpCode(200) @ApiOperation({ summary: 'Take off hold', description: 'Takes the incident off hold; the time on hold is added to its total. Only an incident on hold can be resumed (409 incident.not_on_hold); it takes no body.' }) @ApiOkResponse({ type: dto.CommandAcceptedDto })
  resume(@Param('id', IncidentIdPipe) id: string, @Body(NoFieldsPipe) _none: Record<string, never>, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: FastifyReply) {
    return this.run('ResumeIncident', id, {}, who, h, r);
  }

  @Post(':id/resolve') @HttpCode(200) @ApiOperation({ summary: 'Resolve with a resolution code and notes', description: 'Resolves the incident with a resolution code and notes; a major incident resolves its attached children with the same resolution. A resolved incident can then be reopened or closed.' }) @ApiOkResponse({ type: dto.CommandAcceptedDto })
  resolve(@Param('id', IncidentIdPipe) id: string, @Body() body: dto.ResolveIncidentDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: FastifyReply) {
    return this.run('ResolveIncident', id, body, who, h, r);
  }

  @Post(':id/reopen') @HttpCode(200) @ApiOperation({ summary: 'Reopen a resolved incident, with a reason (counted)', description: 'Reopens a resolved incident with a reason; each reopening is counted. Only a resolved incident can be reopened (409 incident.not_resolved).' }) @ApiOkResponse({ type: dto.CommandAcceptedDto })
  reopen(@Param('id', IncidentIdPipe) id: string, @Body() body: dto.ReasonDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: FastifyReply) {
    return this.run('ReopenIncident', id, body, who, h, r);
  }

  @Post(':id/close') @HttpCode(200) @ApiOperation({ summary: 'Close a resolved incident (final)', description: 'Closes a resolved incident for good: a closed incident accepts no further commands. A major incident is closed only after its review; it takes no body.' }) @ApiOkResponse({ type: dto.CommandAcceptedDto })
  close(@Param('id', IncidentIdPipe) id: string, @Body(NoFieldsPipe) _none: Record<string, never>, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: FastifyReply) {
    return this.run('CloseIncident', id, {}, who, h, r);
  }

  @Post(':id/propose-major') @HttpCode(200) @ApiOperation({ summary: 'Propose it as a major incident, with a reason', description: 'Proposes the incident as a major incident, with a reason; a manager or admin then accepts or declines it.' }) @ApiOkResponse({ type: dto.CommandAcceptedDto })
  proposeMajor(@Param('id', IncidentIdPipe) id: string, @Body() body: dto.ReasonDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: FastifyReply) {
    return this.run('ProposeMajorIncident', id, body, who, h, r);
  }

  @Post(':id/accept-major') @HttpCode(200) @ApiOperation({ summary: 'Accept a proposed major incident, with a reason (managers and admins)', description: 'Accepts a proposed major incident, with a reason: it then takes children and needs a review before it is closed.' }) @ApiOkResponse({ type: dto.CommandAcceptedDto })
  acceptMajor(@Param('id', IncidentIdPipe) id: string, @Body() body: dto.ReasonDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: FastifyReply) {
    return this.run('AcceptMajorIncident', id, body, who, h, r);
  }

  @Post(':id/decline-major') @HttpCode(200) @ApiOperation({ summary: 'Decline a proposed major incident, with a reason (managers and admins)', description: 'Declines a proposed major incident, with a reason: it goes on as an ordinary incident.' }) @ApiOkResponse({ type: dto.CommandAcceptedDto })
  declineMajor(@Param('id', IncidentIdPipe) id: string, @Body() body: dto.ReasonDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: FastifyReply) {
    return this.run('DeclineMajorIncident', id, body, who, h, r);
  }

  @Post(':id/attach-child') @HttpCode(200) @ApiOperation({ summary: 'Attach an open child incident: resolving this one resolves it with the same resolution', description: 'Attaches an open incident (by id or number) as a child: resolving this one resolves the child with the same resolution. A child has one parent at most (409 incident.child_has_parent), and children take no children of their own.' }) @ApiOkResponse({ type: dto.CommandAcceptedDto })
  async attachChild(@Param('id', IncidentIdPipe) id: string, @Body() body: dto.ChildIncidentDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: FastifyReply) {
    return this.run('AttachChildIncident', id, { childId: await resolveRecordId(this.events, 'incident', body.childId, 'childId') }, who, h, r);
  }

  @Post(':id/detach-child') @HttpCode(200) @ApiOperation({ summary: 'Detach a child incident, with a reason', description: 'Detaches a child incident (by id or number) with a reason; it is recorded on both the parent and the child.' }) @ApiOkResponse({ type: dto.CommandAcceptedDto })
  async detachChild(@Param('id', IncidentIdPipe) id: string, @Body() body: dto.DetachChildDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: FastifyReply) {
    return this.run('DetachChildIncident', id, { childId: await resolveRecordId(this.events, 'incident', body.childId, 'childId'), reason: body.reason }, who, h, r);
  }

  @Post(':id/major-review') @HttpCode(200) @ApiOperation({ summary: "Record a major incident's review (what happened, timeline, actions, the problem that follows): it is closed only after", description: 'Records the review of a major incident: what happened, the timeline, the actions agreed and, optionally, the problem that follows (by id or number). A major incident is closed only after its review; recording the same review twice is refused.' }) @ApiOkResponse({ type: dto.CommandAcceptedDto })
  async majorReview(@Param('id', IncidentIdPipe) id: string, @Body() body: dto.MajorIncidentReviewDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: FastifyReply) {
    const problemId = typeof body.problemId === 'string' ? await resolveRecordId(this.events, 'problem', body.problemId, 'problemId') : null;
    return this.run('RecordMajorIncidentReview', id, { ...body, problemId }, who, h, r);
  }

  @Post(':id/cancel') @HttpCode(200) @ApiOperation({ summary: 'Cancel an incident opened in error (final)', description: 'Cancels an incident opened in error, with a reason: a cancelled incident accepts no further commands.' }) @ApiOkResponse({ type: dto.CommandAcceptedDto })
  cancel(@Param('id', IncidentIdPipe) id: string, @Body() body: dto.ReasonDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: FastifyReply) {
    return this.run('CancelIncident', id, body, who, h, r);
  }

  private async run<T extends IncidentCommand['type']>(type: T, incidentId: string, data: Data<T>, who: Principal, headers: CommandHeaders, reply: FastifyReply, newStream = false) {
    const made = commandEnvelope(who, headers, this.clock());
    const envelope = newStream ? { ...made, newStream: incidentStream(incidentId) } : made;
    const command = { type, incidentId, data: { ...data }, context: { actor: who.subject, now: envelope.occurredAt } } as IncidentCommand;
    const outcome = await this.bus.execute<ExecuteIncidentCommand, WriteOutcome>(new ExecuteIncidentCommand(command, envelope));
    void reply.header('etag', `"${outcome.revision}"`);
    if (outcome.replayed) void reply.header('idempotent-replayed', 'true');
    const accepted = { id: incidentId, revision: outcome.revision, position: outcome.position };
    return type === 'OpenIncident' ? { ...accepted, number: numberRecorded(outcome, 'IncidentOpened') } : accepted;
  }
}
