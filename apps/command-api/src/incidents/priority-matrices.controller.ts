import { Body, Controller, Headers, Inject, Post, Res } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength, ValidateBy } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { PRIORITY_MATRICES_STREAM, PRIORITY_MATRIX_EVENT_SCHEMA_VERSION, priorityMatricesDecider, type DefinePriorityMatrix, PRIORITY_MATRIX_ERROR_CODES } from '@itsm/domain';
import { ApiCommands, ApiTag, CLOCK, CurrentPrincipal, IsInstant, SingleLine, type Clock, type Principal } from '@itsm/platform';
import { WritePath, type CommandEnvelope, type WriteOutcome } from '@itsm/write-path';
import { commandEnvelope, type CommandHeaders } from '../commands/command-headers';
import { CommandAcceptedDto } from './incident.dtos';

const ROWS_RULE = 'rows must be 3 rows (impact 1–3) of 3 whole priorities 1–5 (urgency 1–3)';
const isPriorityRows = (value: unknown): boolean =>
  Array.isArray(value) && value.length === 3 && value.every((row) => Array.isArray(row) && row.length === 3 && row.every((cell) => Number.isInteger(cell) && cell >= 1 && cell <= 5));
/** The matrix's shape is the request's to get right: a malformed one is 400, like any other malformed field. */
const IsPriorityRows = () => ValidateBy({ name: 'isPriorityRows', validator: { validate: isPriorityRows, defaultMessage: () => ROWS_RULE } });

export class DefinePriorityMatrixDto {
  @ApiProperty({ maxLength: 60, example: 'acme-2026.1', description: 'Recorded on every prioritisation made by it' })
  @IsString() @IsNotEmpty() @MaxLength(60) @SingleLine()
  version: string;

  @ApiProperty({ format: 'date-time', example: '2026-04-01T00:00:00Z', description: 'From when it prices incidents: now or later, after every version already defined' })
  @IsInstant()
  effectiveFrom: string;

  @ApiProperty({ type: 'array', items: { type: 'array', items: { type: 'integer', minimum: 1, maximum: 5 } }, example: [[1, 2, 3], [2, 3, 4], [3, 4, 5]], description: 'rows[impact - 1][urgency - 1] = priority (1 critical … 5 planning)' })
  @IsPriorityRows()
  rows: number[][];
}

export class ExecutePriorityMatrixCommand {
  constructor(
    readonly command: DefinePriorityMatrix,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(ExecutePriorityMatrixCommand)
export class PriorityMatrixCommandHandler implements ICommandHandler<ExecutePriorityMatrixCommand, WriteOutcome> {
  constructor(private readonly writer: WritePath) {}

  execute({ command, envelope }: ExecutePriorityMatrixCommand): Promise<WriteOutcome> {
    return this.writer.execute({
      decider: priorityMatricesDecider,
      stream: PRIORITY_MATRICES_STREAM,
      schemaVersion: PRIORITY_MATRIX_EVENT_SCHEMA_VERSION,
      envelope,
      request: command,
      command: () => command,
    });
  }
}

/** The priority matrix is configuration with a history: managers and admins define its versions. */
@ApiTag('incidents', 'Incidents: open, work, hold, resolve and close them; major incidents and their children; the priority matrix.')
@ApiBearerAuth()
@ApiCommands({ rules: [PRIORITY_MATRIX_ERROR_CODES], stream: PRIORITY_MATRICES_STREAM, etag: false })
@Controller('priority-matrices')
export class PriorityMatricesController {
  constructor(
    private readonly bus: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Define a version of the impact × urgency → priority matrix, effective from an instant (never before now); every prioritisation records the version it used', description: 'Records a new version of the impact × urgency → priority matrix, effective from an instant that is not in the past. Incidents and problems opened or reclassified from then on are prioritised by it, and record which version they used.' })
  @ApiCreatedResponse({ type: CommandAcceptedDto })
  async define(@Body() body: DefinePriorityMatrixDto, @CurrentPrincipal() who: Principal, @Headers() headers: CommandHeaders, @Res({ passthrough: true }) reply: FastifyReply) {
    const envelope = commandEnvelope(who, headers, this.clock());
    const command: DefinePriorityMatrix = { type: 'DefinePriorityMatrix', data: { version: body.version, effectiveFrom: body.effectiveFrom, rows: body.rows }, context: { actor: who.subject, now: envelope.occurredAt } };
    const outcome = await this.bus.execute<ExecutePriorityMatrixCommand, WriteOutcome>(new ExecutePriorityMatrixCommand(command, envelope));
    if (outcome.replayed) void reply.header('idempotent-replayed', 'true');
    return { id: body.version, revision: outcome.revision, position: outcome.position };
  }
}
