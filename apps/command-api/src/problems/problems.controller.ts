import { Body, Controller, Headers, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { PROBLEM_ERROR_CODES, problemStream } from '@itsm/domain';
import type { FastifyReply } from 'fastify';
import type { ProblemCommand } from '@itsm/domain';
import { deterministicId, timeOrderedId, type EventStore } from '@itsm/event-store';
import { ApiCommands, ApiTag, CLOCK, type Clock, CurrentPrincipal, EVENT_STORE, NoFieldsPipe, type Principal, ProblemIdPipe, resolveRecordId } from '@itsm/platform';
import { numberRecorded, type WriteOutcome } from '@itsm/write-path';
import { commandEnvelope, type CommandHeaders } from '../commands/command-headers';
import { SAMPLE_ID } from '../commands/samples';
import { CommandAcceptedDto, OpenedDto, ReasonDto } from '../incidents/incident.dtos';
import { ExecuteProblemCommand } from './problem-command.handler';
import * as dto from './problem.dtos';

type Data<T extends ProblemCommand['type']> = Extract<ProblemCommand, { type: T }>['data'];
type Reply = FastifyReply;

/** Problem management (ITIL; ISO/IEC 20000-1 8.6.3): the causes of incidents, their workarounds, known errors and fixes. */
@ApiTag('problems', 'Problems: root causes, workarounds, known errors and fixes, linked to their incidents.')
@ApiBearerAuth()
@ApiCommands({ rules: [PROBLEM_ERROR_CODES], stream: problemStream(SAMPLE_ID), etag: true })
@Controller('problems')
export class ProblemsController {
  constructor(
    private readonly bus: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(EVENT_STORE) private readonly events: EventStore,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Raise a problem, from scratch or from incidents (linked from the start); priority from the impact × urgency matrix', description: 'Records ProblemRaised with the next problem number (PRB…), from scratch or from incidents, which are linked from the start. The priority comes from the impact × urgency matrix in force.' })
  @ApiCreatedResponse({ type: OpenedDto })
  async raise(@Body() body: dto.RaiseProblemDto, @CurrentPrincipal() who: Principal, @Headers() headers: CommandHeaders, @Res({ passthrough: true }) reply: Reply) {
    const key = headers['idempotency-key'];
    const id = key === undefined ? timeOrderedId() : deterministicId('problem', who.subject, key);
    const incidentIds = await Promise.all((body.incidentIds ?? []).map((incident) => resolveRecordId(this.events, 'incident', incident, 'incidentIds')));
    // The priority matrix in force is looked up by the handler, from the log.
    return this.run('RaiseProblem', id, { ...body, incidentIds } as unknown as Data<'RaiseProblem'>, who, headers, reply, true);
  }

  @Post(':id/assign') @HttpCode(200) @ApiOperation({ summary: 'Assign to a group and assignee (or change them)', description: 'Assigns the problem to a group and assignee, or changes them.' }) @ApiOkResponse({ type: CommandAcceptedDto })
  assign(@Param('id', ProblemIdPipe) id: string, @Body() body: dto.AssignProblemDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: Reply) {
    return this.run('AssignProblem', id, body, who, h, r);
  }

  @Post(':id/reclassify') @HttpCode(200) @ApiOperation({ summary: 'Change impact and urgency (priority follows, by the matrix in force), with a reason', description: 'Sets a new impact and urgency, with a reason; the priority follows, by the matrix in force.' }) @ApiOkResponse({ type: CommandAcceptedDto })
  reclassify(@Param('id', ProblemIdPipe) id: string, @Body() body: dto.ReclassifyProblemDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: Reply) {
    return this.run('ReclassifyProblem', id, body as unknown as Data<'ReclassifyProblem'>, who, h, r);
  }

  @Post(':id/assess') @HttpCode(200) @ApiOperation({ summary: 'Assessed: new → assessed', description: 'Marks a new problem as assessed (new → assessed).' }) @ApiOkResponse({ type: CommandAcceptedDto })
  assess(@Param('id', ProblemIdPipe) id: string, @Body() body: dto.AssessProblemDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: Reply) {
    return this.run('AssessProblem', id, body, who, h, r);
  }

  @Post(':id/start-analysis') @HttpCode(200) @ApiOperation({ summary: 'Start root cause analysis: assessed → root cause analysis', description: 'Starts root cause analysis (assessed → root cause analysis). It takes no body.' }) @ApiOkResponse({ type: CommandAcceptedDto })
  startAnalysis(@Param('id', ProblemIdPipe) id: string, @Body(NoFieldsPipe) _none: Record<string, never>, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: Reply) {
    return this.run('StartRootCauseAnalysis', id, {}, who, h, r);
  }

  @Post(':id/root-cause') @HttpCode(200) @ApiOperation({ summary: 'Record the root cause and its category (during analysis or the fix; again to correct it)', description: 'Records the root cause and its category, during analysis or the fix; recording it again corrects it.' }) @ApiOkResponse({ type: CommandAcceptedDto })
  rootCause(@Param('id', ProblemIdPipe) id: string, @Body() body: dto.RootCauseDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: Reply) {
    return this.run('RecordRootCause', id, body, who, h, r);
  }

  @Post(':id/workaround') @HttpCode(200) @ApiOperation({ summary: 'Record a workaround; the linked incidents show it', description: 'Records a workaround; the incidents linked to the problem show it. The same workaround twice is refused.' }) @ApiOkResponse({ type: CommandAcceptedDto })
  workaround(@Param('id', ProblemIdPipe) id: string, @Body() body: dto.WorkaroundDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: Reply) {
    return this.run('RecordWorkaround', id, body, who, h, r);
  }

  @Post(':id/link-incident') @HttpCode(200) @ApiOperation({ summary: 'Link an incident this problem causes', description: 'Links an incident (by id or number) this problem causes.' }) @ApiOkResponse({ type: CommandAcceptedDto })
  async link(@Param('id', ProblemIdPipe) id: string, @Body() body: dto.LinkIncidentDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: Reply) {
    return this.run('LinkIncident', id, { incidentId: await resolveRecordId(this.events, 'incident', body.incidentId, 'incidentId') }, who, h, r);
  }

  @Post(':id/unlink-incident') @HttpCode(200) @ApiOperation({ summary: 'Unlink an incident, with a reason', description: 'Unlinks an incident (by id or number) with a reason; the projector withdraws the problem\'s workaround from it and resumes it if it was on hold awaiting this problem.' }) @ApiOkResponse({ type: CommandAcceptedDto })
  async unlink(@Param('id', ProblemIdPipe) id: string, @Body() body: dto.UnlinkIncidentDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: Reply) {
    return this.run('UnlinkIncident', id, { incidentId: await resolveRecordId(this.events, 'incident', body.incidentId, 'incidentId'), reason: body.reason }, who, h, r);
  }

  @Post(':id/known-error') @HttpCode(200) @ApiOperation({ summary: 'Publish as a known error (needs the root cause and a workaround): found by CI, category and symptom', description: 'Publishes the problem as a known error, found by CI, category and symptom. It needs the root cause and a workaround.' }) @ApiOkResponse({ type: CommandAcceptedDto })
  knownError(@Param('id', ProblemIdPipe) id: string, @Body() body: dto.KnownErrorDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: Reply) {
    return this.run('PublishKnownError', id, body, who, h, r);
  }

  @Post(':id/start-fix') @HttpCode(200) @ApiOperation({ summary: 'Start the fix (needs the root cause): root cause analysis → fix in progress', description: 'Starts the fix (root cause analysis → fix in progress). It needs the root cause; it takes no body.' }) @ApiOkResponse({ type: CommandAcceptedDto })
  startFix(@Param('id', ProblemIdPipe) id: string, @Body(NoFieldsPipe) _none: Record<string, never>, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: Reply) {
    return this.run('StartFix', id, {}, who, h, r);
  }

  @Post(':id/fix-change') @HttpCode(200) @ApiOperation({ summary: 'Link the change that fixes it: resolving then needs it closed successful, or a reason', description: 'Links the change that fixes the problem: resolving it then needs that change closed successful, or an override reason.' }) @ApiOkResponse({ type: CommandAcceptedDto })
  async fixChange(@Param('id', ProblemIdPipe) id: string, @Body() body: dto.FixChangeDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: Reply) {
    return this.run('LinkFixChange', id, { changeId: await resolveRecordId(this.events, 'change', body.changeId, 'changeId') }, who, h, r);
  }

  @Post(':id/resolve') @HttpCode(200) @ApiOperation({ summary: 'Resolve: the linked incidents on hold awaiting it are resumed by the projector', description: 'Resolves the problem; the projector resumes the linked incidents on hold awaiting it. Once resolved, its incidents, workaround, known error and fix change are settled.' }) @ApiOkResponse({ type: CommandAcceptedDto })
  resolve(@Param('id', ProblemIdPipe) id: string, @Body() body: dto.ResolveProblemDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: Reply) {
    return this.run('ResolveProblem', id, body, who, h, r);
  }

  @Post(':id/close') @HttpCode(200) @ApiOperation({ summary: 'Close a resolved problem (final)', description: 'Closes a resolved problem for good. It takes no body.' }) @ApiOkResponse({ type: CommandAcceptedDto })
  close(@Param('id', ProblemIdPipe) id: string, @Body(NoFieldsPipe) _none: Record<string, never>, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: Reply) {
    return this.run('CloseProblem', id, {}, who, h, r);
  }

  @Post(':id/cancel') @HttpCode(200) @ApiOperation({ summary: 'Cancel a problem raised in error (final)', description: 'Cancels a problem raised in error, with a reason; the projector resumes the incidents on hold awaiting it and withdraws its workaround from its incidents.' }) @ApiOkResponse({ type: CommandAcceptedDto })
  cancel(@Param('id', ProblemIdPipe) id: string, @Body() body: ReasonDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: Reply) {
    return this.run('CancelProblem', id, body, who, h, r);
  }

  private async run<T extends ProblemCommand['type']>(type: T, problemId: string, data: Data<T>, who: Principal, headers: CommandHeaders, reply: Reply, opens = false) {
    const made = commandEnvelope(who, headers, this.clock());
    // A problem raised under an id made for this request: its stream cannot exist yet, so it is not read.
    const envelope = opens ? { ...made, newStream: problemStream(problemId) } : made;
    const command = { type, problemId, data: { ...data }, context: { actor: who.subject, now: envelope.occurredAt } } as ProblemCommand;
    const outcome = await this.bus.execute<ExecuteProblemCommand, WriteOutcome>(new ExecuteProblemCommand(command, envelope));
    void reply.header('etag', `"${outcome.revision}"`);
    if (outcome.replayed) void reply.header('idempotent-replayed', 'true');
    const accepted = { id: problemId, revision: outcome.revision, position: outcome.position };
    return type === 'RaiseProblem' ? { ...accepted, number: numberRecorded(outcome, 'ProblemRaised') } : accepted;
  }
}
