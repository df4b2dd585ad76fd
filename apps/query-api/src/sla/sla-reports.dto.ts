import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsIn, IsObject, IsOptional } from 'class-validator';
import type { Priority } from '@itsm/domain';
import { IsInstant } from '@itsm/platform';
import { ATTAINMENT_GROUPINGS, BOARD_STATES, type AttainmentGrouping, type BoardQuery, type BoardState } from '@itsm/projections';
import { AnyOf, AnyText, underEitherName } from '../list-filter';
import { ConsistencyQueryDto, PageQueryDto } from '../page-query.dto';
import { SAMPLE } from '../examples';

const METRICS = ['response', 'resolution'] as const;

/** Named after the board line's fields; each takes one value or several. */
export class BoardQueryDto extends PageQueryDto {
  @AnyOf(BOARD_STATES, { description: 'breached: the time ran out; at_risk: past the at-risk share, not yet out (both when absent)', example: 'breached' }) state?: BoardState[];
  @AnyText({ description: 'Only clocks of incidents assigned to these groups', example: 'service-desk' }) assignmentGroup?: string[];
  @AnyOf([1, 2, 3, 4, 5], { description: 'Only clocks of incidents of these priorities', example: 1 }) priority?: Priority[];
  @AnyOf(METRICS, { description: 'Only these clocks: response, resolution', example: 'resolution' }) metric?: (typeof METRICS)[number][];
  @AnyText({ description: 'Assignment group', deprecatedFor: 'assignmentGroup' }) group?: string[];
}

/** The board's question, from the names or their deprecated aliases. */
export function boardQueryOf(query: BoardQueryDto, now: string): BoardQuery {
  const assignmentGroup = underEitherName({ assignmentGroup: query.assignmentGroup, group: query.group }, 'assignmentGroup', 'group');
  return { now, state: query.state, assignmentGroup, priority: query.priority, metric: query.metric };
}

class VersionRefDto {
  @ApiProperty({ example: 'standard' }) name: string;
  @ApiProperty({ example: 2 }) version: number;
}

export class BoardLineDto {
  @ApiProperty({ example: SAMPLE.incidentId, format: 'uuid' }) incidentId: string;
  @ApiProperty({ type: String, nullable: true, example: 'INC0010042' }) number: string | null;
  @ApiProperty({ enum: METRICS }) metric: string;
  @ApiProperty({ example: 1, description: 'The clock cycle (a restart on reopening is a new one)' }) cycle: number;
  @ApiProperty({ enum: BOARD_STATES }) state: BoardState;
  @ApiProperty({ enum: ['running', 'paused'], description: 'paused: on hold after its time ran out' }) clock: string;
  @ApiProperty({ type: Number, nullable: true }) priority: number | null;
  @ApiProperty({ type: String, nullable: true }) assignmentGroup: string | null;
  @ApiProperty({ type: VersionRefDto, nullable: true }) policy: VersionRefDto | null;
  @ApiProperty({ example: 14_400_000, description: 'The target, in ms of business (or calendar) time' }) targetMs: number;
  @ApiProperty({ example: SAMPLE.later, format: 'date-time', description: 'When the time runs out (at risk) or ran out (breached)' }) deadline: string;
  @ApiProperty({ example: 600_000, description: 'Wall-clock ms past the deadline (positive) or left before it (negative)' }) lateByMs: number;
}

export class BoardPageDto {
  @ApiProperty({ example: SAMPLE.later, format: 'date-time', description: 'The instant the board is judged at; kept by the cursor for the next pages' }) asOf: string;
  @ApiProperty({ type: [BoardLineDto] }) items: BoardLineDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class AttainmentQueryDto extends ConsistencyQueryDto {
  @ApiProperty({ format: 'date-time', description: 'Clock cycles started from (inclusive)' }) @IsInstant() from: string;
  @ApiProperty({ format: 'date-time', description: 'to (exclusive)' }) @IsInstant() to: string;
  @ApiPropertyOptional({ enum: ATTAINMENT_GROUPINGS, default: 'group' }) @IsOptional() @IsIn([...ATTAINMENT_GROUPINGS]) groupBy?: AttainmentGrouping;
}

class AttainmentCountsDto {
  @ApiProperty({ example: 41 }) met: number;
  @ApiProperty({ example: 3 }) breached: number;
  @ApiProperty({ example: 5 }) inProgress: number;
  @ApiProperty({ type: Number, nullable: true, description: 'met ÷ (met + breached), %, one decimal; null when none has a verdict' }) percentage: number | null;
}

class AttainmentTotalDto {
  @ApiProperty({ type: AttainmentCountsDto }) response: AttainmentCountsDto;
  @ApiProperty({ type: AttainmentCountsDto }) resolution: AttainmentCountsDto;
}

class AttainmentRowDto extends AttainmentTotalDto {
  @ApiProperty({ example: SAMPLE.group, description: 'The group, the priority, or policy@version; (none) for no group' }) key: string;
}

export class AttainmentReportDto {
  @ApiProperty({ example: '2026-03-01T00:00:00.000Z', format: 'date-time' }) from: string;
  @ApiProperty({ example: '2026-04-01T00:00:00.000Z', format: 'date-time' }) to: string;
  @ApiProperty({ enum: ATTAINMENT_GROUPINGS }) groupBy: string;
  @ApiProperty({ example: SAMPLE.later, format: 'date-time', description: 'The instant running clocks were judged at' }) asOf: string;
  @ApiProperty({ type: [AttainmentRowDto] }) rows: AttainmentRowDto[];
  @ApiProperty({ type: AttainmentTotalDto }) total: AttainmentTotalDto;
}

export class WhatIfBodyDto {
  @ApiProperty({ example: '2026-03-01T00:00:00Z', format: 'date-time', description: 'Incidents opened from (inclusive)' }) @IsInstant() from: string;
  @ApiProperty({ example: '2026-04-01T00:00:00Z', format: 'date-time', description: 'to (exclusive)' }) @IsInstant() to: string;
  @ApiPropertyOptional({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'Business calendars as POST /business-calendars takes them, without effectiveFrom' })
  @IsOptional() @IsArray() calendars?: unknown[];
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'An SLA policy as POST /sla-policies takes it, without effectiveFrom' })
  @IsObject() policy: Record<string, unknown>;
}

/** One line of the what-if answer: an incident's two verdicts, or (last) the summary. */
export class WhatIfLineDto {
  @ApiProperty({ enum: ['incident', 'summary'] }) type: string;
  @ApiPropertyOptional({ format: 'uuid' }) incidentId?: string;
  @ApiPropertyOptional({ type: String, nullable: true }) number?: string | null;
  @ApiPropertyOptional({ enum: ['met', 'breached', 'running', 'not_measured'], description: 'By the terms its SlaStarted fact recorded' }) recorded?: string;
  @ApiPropertyOptional({ enum: ['met', 'breached', 'running', 'not_measured'], description: 'By the policy asked' }) whatIf?: string;
  @ApiPropertyOptional({ description: 'Summary: incidents measured' }) incidents?: number;
  @ApiPropertyOptional() unchanged?: number;
  @ApiPropertyOptional() metToBreached?: number;
  @ApiPropertyOptional() breachedToMet?: number;
  @ApiPropertyOptional({ description: 'Measured by one and not the other, or running in one' }) otherChanges?: number;
}
