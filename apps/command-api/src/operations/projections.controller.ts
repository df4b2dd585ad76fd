import { Body, Controller, Headers, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { PROJECTION_CONTROL_SCHEMA_VERSION, projectionControlDecider, projectionControlStream, RESUME_MODES, type ResumeMode, type ResumeProjection, PROJECTION_CONTROL_ERROR_CODES } from '@itsm/domain';
import { ApiCommands, ApiProblems, ApiTag, CLOCK, CurrentPrincipal, MultiLine, ProblemException, type Clock, type Principal } from '@itsm/platform';
import { PROJECTION_KEYS } from '@itsm/projections';
import { WritePath, type CommandEnvelope, type WriteOutcome } from '@itsm/write-path';
import { commandEnvelope, type CommandHeaders } from '../commands/command-headers';
import { CommandAcceptedDto } from '../incidents/incident.dtos';

export class ResumeProjectionDto {
  @ApiProperty({ example: '00000000000000004211', description: 'The position of the event it is paused at (as /health of the projector shows it): an order for another pause is refused' })
  @IsString() @IsNotEmpty() @MaxLength(64)
  position: string;

  @ApiProperty({ enum: RESUME_MODES, description: 'retry: apply the event again (after a fix); skip: leave it out of this read model, for good' })
  @IsIn([...RESUME_MODES])
  mode: ResumeMode;

  @ApiProperty({ maxLength: 2000, example: 'Fixed in 1.4.2 (null category on imported incidents)' })
  @IsString() @IsNotEmpty() @MaxLength(2000) @MultiLine()
  reason: string;
}

export class ExecuteProjectionControl {
  constructor(
    readonly command: ResumeProjection,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(ExecuteProjectionControl)
export class ProjectionControlHandler implements ICommandHandler<ExecuteProjectionControl, WriteOutcome> {
  constructor(private readonly writer: WritePath) {}

  execute({ command, envelope }: ExecuteProjectionControl): Promise<WriteOutcome> {
    return this.writer.execute({
      decider: projectionControlDecider,
      stream: projectionControlStream(command.projection),
      schemaVersion: PROJECTION_CONTROL_SCHEMA_VERSION,
      envelope,
      request: { type: command.type, data: { projection: command.projection, ...command.data } },
      command: () => command,
    });
  }
}

/** The admin's side of a paused projection (projection-control.ts in the domain): the order to go on. */
const projectionUnknown = (key: string): ProblemException => new ProblemException(404, 'projection.unknown', `No projection ${key}: one of ${PROJECTION_KEYS.join(', ')}`);

@ApiTag('operations', 'Operating the platform: projections paused at an event they cannot apply.')
@ApiBearerAuth()
@ApiCommands({ rules: [PROJECTION_CONTROL_ERROR_CODES], stream: projectionControlStream('incident_detail'), etag: false })
@Controller('projections')
export class ProjectionsController {
  constructor(
    private readonly bus: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post(':key/resume')
  @HttpCode(200)
  @ApiOperation({ summary: 'Order a projection paused at an event it cannot apply to go on: retry the event (after a fix) or skip it, with a reason; recorded in its control stream, acted on by the projector within a second (admins)', description: 'Orders a projection paused at an event it cannot apply to go on, once the code is fixed: retry the event, or skip it for good, with a reason. The order is recorded in the projection\'s control stream and acted on by the projector within a second.' })
  @ApiOkResponse({ type: CommandAcceptedDto })
  @ApiProblems(projectionUnknown('incident-detail'))
  async resume(@Param('key') key: string, @Body() body: ResumeProjectionDto, @CurrentPrincipal() who: Principal, @Headers() headers: CommandHeaders, @Res({ passthrough: true }) reply: FastifyReply) {
    if (!PROJECTION_KEYS.includes(key)) throw projectionUnknown(key);
    const envelope = commandEnvelope(who, headers, this.clock());
    const command: ResumeProjection = { type: 'ResumeProjection', projection: key, data: { position: body.position, mode: body.mode, reason: body.reason }, context: { actor: who.subject, now: envelope.occurredAt } };
    const outcome = await this.bus.execute<ExecuteProjectionControl, WriteOutcome>(new ExecuteProjectionControl(command, envelope));
    if (outcome.replayed) void reply.header('idempotent-replayed', 'true');
    return { id: key, revision: outcome.revision, position: outcome.position };
  }
}
