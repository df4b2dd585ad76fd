import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { HOLD_REASONS, RESOLUTION_CODES } from '@itsm/domain';
import { INCIDENT_NOTE_KINDS, INCIDENT_STATUSES, type IncidentDetailStatus } from '@itsm/projections';
import { SingleLine } from '@itsm/platform';
import { PageQueryDto } from '../page-query.dto';

export class IncidentListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: INCIDENT_STATUSES }) @IsOptional() @IsIn([...INCIDENT_STATUSES]) state?: IncidentDetailStatus;
  @ApiPropertyOptional({ description: 'Assignment group' }) @IsOptional() @IsString() @MaxLength(100) @SingleLine() group?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 5 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(5) priority?: number;
}

const nullableString = { type: String, nullable: true } as const;
const nullableTime = { type: String, format: 'date-time', nullable: true } as const;

export class IncidentDetailDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty() description: string;
  @ApiProperty() caller: string;
  @ApiProperty() category: string;
  @ApiProperty({ enum: [1, 2, 3] }) impact: number;
  @ApiProperty({ enum: [1, 2, 3] }) urgency: number;
  @ApiProperty({ enum: [1, 2, 3, 4, 5], description: '1 critical … 5 planning' }) priority: number;
  @ApiProperty({ description: 'The priority matrix that set the current priority' }) priorityMatrixVersion: string;
  @ApiProperty(nullableString) configurationItemId: string | null;
  @ApiProperty(nullableString) assignmentGroup: string | null;
  @ApiProperty(nullableString) assignee: string | null;
  @ApiProperty({ enum: INCIDENT_STATUSES }) status: string;
  @ApiProperty({ enum: HOLD_REASONS, nullable: true }) holdReason: string | null;
  @ApiProperty(nullableString) holdNote: string | null;
  @ApiProperty({ enum: RESOLUTION_CODES, nullable: true }) resolutionCode: string | null;
  @ApiProperty(nullableString) resolutionNotes: string | null;
  @ApiProperty(nullableString) cancellationReason: string | null;
  @ApiProperty() reassignmentCount: number;
  @ApiProperty() reopenCount: number;
  @ApiProperty({ description: 'Internal work notes so far: read them at /incidents/{id}/work-notes' }) workNoteCount: number;
  @ApiProperty({ description: 'Customer-visible comments so far: read them at /incidents/{id}/comments' }) commentCount: number;
  @ApiProperty(nullableTime) lastWorkNoteAt: string | null;
  @ApiProperty({ ...nullableString, description: 'Who wrote the latest work note' }) lastWorkNoteBy: string | null;
  @ApiProperty(nullableTime) lastCommentAt: string | null;
  @ApiProperty({ ...nullableString, description: 'Who wrote the latest comment' }) lastCommentBy: string | null;
  @ApiProperty({ format: 'date-time' }) openedAt: string;
  @ApiProperty() openedBy: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty() updatedBy: string;
  @ApiProperty(nullableTime) resolvedAt: string | null;
  @ApiProperty(nullableTime) closedAt: string | null;
  @ApiProperty(nullableTime) cancelledAt: string | null;
  @ApiProperty({ description: 'Stream revision: send it as If-Match with the next command' }) revision: number;
}

export class IncidentPageDto {
  @ApiProperty({ type: [IncidentDetailDto] }) items: IncidentDetailDto[];
  @ApiProperty({ ...nullableString, description: 'Pass as cursor for the next page; null on the last' }) nextCursor: string | null;
}

export class IncidentNoteDto {
  @ApiProperty({ description: 'The incident id and the revision that recorded the note' }) id: string;
  @ApiProperty({ format: 'uuid' }) incidentId: string;
  @ApiProperty({ enum: INCIDENT_NOTE_KINDS, description: 'work_note: internal, for resolvers; comment: visible to the caller' }) kind: string;
  @ApiProperty() text: string;
  @ApiProperty({ description: 'The authenticated actor who wrote it' }) author: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ description: 'Stream revision of the incident that recorded it' }) revision: number;
  @ApiProperty({ description: 'Log position that recorded it' }) position: string;
}

export class IncidentNotePageDto {
  @ApiProperty({ type: [IncidentNoteDto], description: 'By revision: oldest first, or newest first with order=desc' }) items: IncidentNoteDto[];
  @ApiProperty({ ...nullableString, description: 'Pass as cursor for the next page; null on the last' }) nextCursor: string | null;
}
