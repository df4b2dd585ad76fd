import { Body, Controller, Headers, Inject, Post, Res } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateBy } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { HOLD_REASONS, SLA_CONFIGURATION_SCHEMA_VERSION, SLA_CONFIGURATION_STREAM, slaConfigurationDecider, type SlaConfigurationCommand, type SlaConfigurationEvent, SLA_CONFIGURATION_ERROR_CODES } from '@itsm/domain';
import { ApiCommands, ApiTag, CLOCK, CurrentPrincipal, IsInstant, SingleLine, type Clock, type Principal } from '@itsm/platform';
import { WritePath, type CommandEnvelope, type WriteOutcome } from '@itsm/write-path';
import { commandEnvelope, type CommandHeaders } from '../commands/command-headers';
import { CommandAcceptedDto } from '../incidents/incident.dtos';

const NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const SCOPE_KEYS = ['assignmentGroup', 'configurationItemId'];
const TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The shape of a week is the request's to get right (400); the order of its ranges is the domain's rule (422). */
const isWeek = (value: unknown): boolean =>
  Array.isArray(value) && value.length === 7 && value.every((day) => Array.isArray(day) && day.length <= 12 && day.every((range) => isRecord(range) && typeof range['start'] === 'string' && TIME.test(range['start']) && typeof range['end'] === 'string' && TIME.test(range['end'])));
const isTarget = (value: unknown): boolean =>
  isRecord(value) && Number.isInteger(value['minutes']) && (value['calendar'] === undefined || value['calendar'] === null || (typeof value['calendar'] === 'string' && NAME.test(value['calendar'])));
const isTargets = (value: unknown): boolean =>
  Array.isArray(value) && value.length >= 1 && value.length <= 5 && value.every((target) => isRecord(target) && Number.isInteger(target['priority']) && isTarget(target['response']) && isTarget(target['resolution']));
const IsWeek = () => ValidateBy({ name: 'isWeek', validator: { validate: isWeek, defaultMessage: () => 'week must be 7 days, Sunday first, each a list of { start, end } wall times HH:MM (24:00 for midnight)' } });
const IsTargets = () =>
  ValidateBy({ name: 'isTargets', validator: { validate: isTargets, defaultMessage: () => 'targets must be 1 to 5 of { priority, response: { minutes, calendar? }, resolution: { minutes, calendar? } }, minutes whole numbers' } });

export class DefineBusinessCalendarDto {
  @ApiProperty({ example: 'berlin-office', description: 'Lower-case letters, digits, dot, dash and underscore; a new version of a name supersedes the one before from its effectiveFrom' })
  @IsString() @Matches(NAME, { message: 'name: lower-case letters, digits, dot, dash and underscore, at most 64' })
  name: string;

  @ApiProperty({ format: 'date-time', example: '2026-04-01T00:00:00Z', description: 'From when it applies: now or later, after every version of this calendar' })
  @IsInstant()
  effectiveFrom: string;

  @ApiProperty({ example: 'Europe/Berlin', description: 'IANA time zone of the working hours' })
  @IsString() @IsNotEmpty() @MaxLength(64) @SingleLine()
  timeZone: string;

  @ApiProperty({
    type: 'array', items: { type: 'array', items: { type: 'object', properties: { start: { type: 'string', example: '09:00' }, end: { type: 'string', example: '17:00' } } } },
    example: [[], ...Array.from({ length: 5 }, () => [{ start: '09:00', end: '17:00' }]), []],
    description: 'Working ranges per weekday, Sunday first: 7 lists of { start, end } (HH:MM, in order, apart; 24:00 ends the day)',
  })
  @IsWeek()
  week: { start: string; end: string }[][];

  @ApiProperty({ type: [String], example: ['2026-12-25'], description: 'Local dates without working time' })
  @IsArray() @IsString({ each: true }) @Matches(/^\d{4}-\d{2}-\d{2}$/, { each: true, message: 'holidays must be dates YYYY-MM-DD' })
  holidays: string[];
}

class SlaScopeDto {
  @ApiPropertyOptional({ type: String, nullable: true, example: 'service-desk', description: 'Only incidents of this assignment group' }) assignmentGroup?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Only incidents about this CI' }) configurationItemId?: string | null;
}

export class DefineSlaPolicyDto {
  @ApiProperty({ example: 'standard' })
  @IsString() @Matches(NAME, { message: 'name: lower-case letters, digits, dot, dash and underscore, at most 64' })
  name: string;

  @ApiProperty({ format: 'date-time', example: '2026-04-01T00:00:00Z', description: 'From when it measures incidents whose SLA starts: now or later, after every version of this policy' })
  @IsInstant()
  effectiveFrom: string;

  @ApiPropertyOptional({ type: SlaScopeDto, description: 'Which incidents it measures (default: any); the most specific policy in force wins' })
  @IsOptional() @ValidateBy({ name: 'isScope', validator: { validate: (value: unknown) => value === undefined || (isRecord(value) && Object.keys(value).every((key) => SCOPE_KEYS.includes(key)) && SCOPE_KEYS.every((key) => value[key] === undefined || value[key] === null || (typeof value[key] === 'string' && (value[key] as string).length <= 100))), defaultMessage: () => 'scope must be { assignmentGroup?, configurationItemId? }, each a name or null, and nothing else (a misspelt key would make the policy measure every incident)' } })
  scope?: SlaScopeDto;

  @ApiProperty({
    type: 'array',
    items: { type: 'object', properties: { priority: { type: 'integer', minimum: 1, maximum: 5 }, response: { type: 'object', properties: { minutes: { type: 'integer' }, calendar: { type: 'string', nullable: true } } }, resolution: { type: 'object', properties: { minutes: { type: 'integer' }, calendar: { type: 'string', nullable: true } } } } },
    example: [
      { priority: 1, response: { minutes: 30, calendar: null }, resolution: { minutes: 240, calendar: null } },
      { priority: 3, response: { minutes: 240, calendar: 'berlin-office' }, resolution: { minutes: 2400, calendar: 'berlin-office' } },
    ],
    description: 'Per priority: minutes to the first response and to resolution, in business time on the named calendar, or in calendar time (no calendar)',
  })
  @IsTargets()
  targets: { priority: number; response: { minutes: number; calendar?: string | null }; resolution: { minutes: number; calendar?: string | null } }[];

  @ApiPropertyOptional({ minimum: 1, maximum: 99, default: 75, description: 'At risk once this share of a target is used' })
  @IsOptional() @IsInt() @Min(1) @Max(99)
  atRiskPercent?: number;

  @ApiProperty({ type: [String], enum: HOLD_REASONS, example: ['awaiting_caller'], description: 'Hold reasons that pause the clocks' })
  @IsArray() @IsIn([...HOLD_REASONS], { each: true })
  pausingHoldReasons: string[];

  @ApiProperty({ enum: ['resume', 'restart'], description: "A reopened incident's resolution clock: resumes where it stopped, or restarts as a new cycle" })
  @IsIn(['resume', 'restart'])
  onReopen: 'resume' | 'restart';
}

export class SlaVersionDefinedDto extends CommandAcceptedDto {
  @ApiProperty({ example: 1, description: 'The version this defined: 1 for a new name, then 2, …' }) version: number;
}

export class ExecuteSlaConfigurationCommand {
  constructor(
    readonly command: SlaConfigurationCommand,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(ExecuteSlaConfigurationCommand)
export class SlaConfigurationCommandHandler implements ICommandHandler<ExecuteSlaConfigurationCommand, WriteOutcome> {
  constructor(private readonly writer: WritePath) {}

  execute({ command, envelope }: ExecuteSlaConfigurationCommand): Promise<WriteOutcome> {
    return this.writer.execute({ decider: slaConfigurationDecider, stream: SLA_CONFIGURATION_STREAM, schemaVersion: SLA_CONFIGURATION_SCHEMA_VERSION, envelope, request: command, command: () => command });
  }
}

/** Business calendars and SLA policies are configuration with a history: managers and admins define their versions. */
@ApiTag('sla', 'SLA configuration: business calendars and SLA policies, each a history of versions.')
@ApiBearerAuth()
@ApiCommands({ rules: [SLA_CONFIGURATION_ERROR_CODES], stream: SLA_CONFIGURATION_STREAM, etag: false })
@Controller()
export class SlaConfigurationController {
  constructor(
    private readonly bus: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post('business-calendars')
  @ApiOperation({ summary: 'Define a version of a business calendar (time zone, working hours per weekday, holidays), effective from now or later', description: 'Records a new version of a business calendar (its time zone, working hours per weekday and holidays), effective from now or later; SLA targets measured in business time follow it. The answer names the version.' })
  @ApiCreatedResponse({ type: SlaVersionDefinedDto })
  calendar(@Body() body: DefineBusinessCalendarDto, @CurrentPrincipal() who: Principal, @Headers() headers: CommandHeaders, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run((now) => ({ type: 'DefineBusinessCalendar', data: { name: body.name, effectiveFrom: body.effectiveFrom, timeZone: body.timeZone, week: body.week, holidays: body.holidays }, context: { actor: who.subject, now } }), who, headers, reply);
  }

  @Post('sla-policies')
  @ApiOperation({ summary: 'Define a version of an SLA policy (response and resolution targets per priority, at-risk share, pausing hold reasons, reopen rule), effective from now or later', description: 'Records a new version of an SLA policy: response and resolution targets per priority, the share of a target after which it is at risk, the hold reasons that pause the clock, and what a reopening does. Effective from now or later; the answer names the version.' })
  @ApiCreatedResponse({ type: SlaVersionDefinedDto })
  policy(@Body() body: DefineSlaPolicyDto, @CurrentPrincipal() who: Principal, @Headers() headers: CommandHeaders, @Res({ passthrough: true }) reply: FastifyReply) {
    const targets = body.targets.map(({ priority, response, resolution }) => ({
      priority: priority as 1 | 2 | 3 | 4 | 5,
      response: { minutes: response.minutes, calendar: response.calendar ?? null },
      resolution: { minutes: resolution.minutes, calendar: resolution.calendar ?? null },
    }));
    const scope = { assignmentGroup: body.scope?.assignmentGroup ?? null, configurationItemId: body.scope?.configurationItemId ?? null };
    return this.run(
      (now) => ({
        type: 'DefineSlaPolicy',
        data: { name: body.name, effectiveFrom: body.effectiveFrom, scope, targets, atRiskPercent: body.atRiskPercent ?? 75, pausingHoldReasons: body.pausingHoldReasons as never, onReopen: body.onReopen },
        context: { actor: who.subject, now },
      }),
      who,
      headers,
      reply,
    );
  }

  private async run(command: (now: string) => SlaConfigurationCommand, who: Principal, headers: CommandHeaders, reply: FastifyReply) {
    const envelope = commandEnvelope(who, headers, this.clock());
    const made = command(envelope.occurredAt);
    const outcome = await this.bus.execute<ExecuteSlaConfigurationCommand, WriteOutcome>(new ExecuteSlaConfigurationCommand(made, envelope));
    if (outcome.replayed) void reply.header('idempotent-replayed', 'true');
    const defined = outcome.events.at(-1)?.data as SlaConfigurationEvent['data'] | undefined;
    return { id: made.data.name, version: defined?.version ?? null, revision: outcome.revision, position: outcome.position };
  }
}
