import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsInstant } from '@itsm/platform';
import { PROBLEM_STATUSES } from '@itsm/domain';
import { ReflectsDto } from '../history/record-past.dto';
import { AnyOf, AnyText } from '../list-filter';
import { PageQueryDto } from '../page-query.dto';
import { SAMPLE } from '../examples';

/** Named after the fields of the problems listed; each takes one value or several. */
export class ProblemQueueQueryDto extends PageQueryDto {
  @AnyText({ description: "Only these groups' problems", example: 'messaging' }) assignmentGroup?: string[];
  @AnyOf(PROBLEM_STATUSES, { description: 'Only problems in these statuses (default: every live one, neither closed nor cancelled)', example: 'new' }) status?: string[];
}

export class KnownErrorQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Known errors of this CI' }) @IsOptional() @IsString() @MaxLength(100) configurationItemId?: string;
  @ApiPropertyOptional({ example: 'email', description: 'The category, whole (case and outer spaces aside)' }) @IsOptional() @IsString() @MaxLength(100) category?: string;
  @ApiPropertyOptional({ example: 'mail stuck in outbox', description: 'The symptom as people report it (case and outer spaces aside)' }) @IsOptional() @IsString() @MaxLength(200) symptom?: string;
}

export class KnownErrorViewDto {
  @ApiProperty({ example: 'Mail stuck in outbox' }) symptom: string;
  @ApiProperty({ example: 'email' }) category: string;
  @ApiProperty({ type: String, nullable: true }) configurationItemId: string | null;
  @ApiProperty({ example: 'A cron job fills the spool' }) rootCause: string;
  @ApiProperty({ example: 'Restart the spooler' }) workaround: string;
  @ApiProperty({ example: SAMPLE.later, format: 'date-time' }) publishedAt: string;
  @ApiProperty({ example: SAMPLE.person }) publishedBy: string;
}

export class ProblemRecordDto {
  @ApiProperty({ example: SAMPLE.problemId, format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true, example: 'PRB0010001', description: 'The number people say, usable in place of the id in every path' }) number: string | null;
  @ApiProperty({ example: 'Spool fills every Monday' }) title: string;
  @ApiProperty({ example: 'The mail spool fills at 08:00 every Monday' }) description: string;
  @ApiProperty({ example: 'email' }) category: string;
  @ApiProperty({ enum: PROBLEM_STATUSES }) status: string;
  @ApiProperty({ example: true, description: 'Neither closed nor cancelled' }) active: boolean;
  @ApiProperty({ example: 2, minimum: 1, maximum: 3 }) impact: number;
  @ApiProperty({ example: 1, minimum: 1, maximum: 3 }) urgency: number;
  @ApiProperty({ example: 2, minimum: 1, maximum: 5 }) priority: number;
  @ApiProperty({ example: 'itil-default-2024.1' }) priorityMatrixVersion: string;
  @ApiProperty({ type: String, nullable: true }) configurationItemId: string | null;
  @ApiProperty({ type: String, nullable: true }) assignmentGroup: string | null;
  @ApiProperty({ type: String, nullable: true }) assignee: string | null;
  @ApiProperty({ example: [SAMPLE.incidentId], type: [String], description: 'The incidents it causes, by id' }) incidentIds: string[];
  @ApiProperty({ type: String, nullable: true }) rootCause: string | null;
  @ApiProperty({ type: String, nullable: true }) rootCauseCategory: string | null;
  @ApiProperty({ type: String, nullable: true }) workaround: string | null;
  @ApiProperty({ type: KnownErrorViewDto, nullable: true }) knownError: KnownErrorViewDto | null;
  @ApiProperty({ type: String, nullable: true }) fixChangeId: string | null;
  @ApiProperty({ type: String, nullable: true }) resolution: string | null;
  @ApiProperty({ type: String, nullable: true }) overrideReason: string | null;
  @ApiProperty({ example: SAMPLE.person }) raisedBy: string;
  @ApiProperty({ example: SAMPLE.at, format: 'date-time' }) raisedAt: string;
  @ApiProperty({ example: SAMPLE.person }) updatedBy: string;
  @ApiProperty({ example: SAMPLE.later, format: 'date-time' }) updatedAt: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) resolvedAt: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) closedAt: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) cancelledAt: string | null;
  @ApiProperty({ type: String, nullable: true }) cancellationReason: string | null;
  @ApiProperty({ example: 5, description: 'Stream revision (If-Match)' }) revision: number;
}

export class LinkedIncidentDto {
  @ApiProperty({ example: SAMPLE.incidentId, format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true }) number: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Null when the incident read model has not caught up with it' }) title: string | null;
  @ApiProperty({ type: String, nullable: true }) status: string | null;
}

export class FixChangeDto {
  @ApiProperty({ example: SAMPLE.changeId, format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true }) number: string | null;
  @ApiProperty({ type: String, nullable: true }) title: string | null;
  @ApiProperty({ type: String, nullable: true }) status: string | null;
}

export class ReviewingMajorIncidentDto {
  @ApiProperty({ example: SAMPLE.incidentId, format: 'uuid' }) incidentId: string;
  @ApiProperty({ type: String, nullable: true }) number: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Null when the incident read model has not caught up with it' }) title: string | null;
  @ApiProperty({ example: SAMPLE.later, format: 'date-time', description: 'When its latest review naming this problem was recorded' }) recordedAt: string;
  @ApiProperty({ example: 'mona' }) recordedBy: string;
}

/**
 * The record as it stands, or (with ?asOf or ?atRevision) as it stood then: one shape. The linked
 * incidents and fix change are shown as their read models show them now, in either case.
 */
export class ProblemDetailDto extends ProblemRecordDto {
  @ApiProperty({ type: [LinkedIncidentDto] }) incidents: LinkedIncidentDto[];
  @ApiProperty({ type: FixChangeDto, nullable: true }) fixChange: FixChangeDto | null;
  @ApiProperty({ type: [ReviewingMajorIncidentDto], description: 'The major incidents whose review names this problem as the one that follows it, in the order reviewed; in a past state, those recorded by then' })
  majorIncidentReviews: ReviewingMajorIncidentDto[];
  @ApiPropertyOptional({ type: ReflectsDto, description: 'Only with ?asOf or ?atRevision: the point of the log this past state reflects, and whether the log is intact' }) reflects?: ReflectsDto;
}

export class ProblemPageDto {
  @ApiProperty({ type: [ProblemRecordDto], description: 'The most urgent first, then the oldest' }) items: ProblemRecordDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class KnownErrorPageDto {
  @ApiProperty({ type: [ProblemRecordDto], description: 'Problems published as known errors (knownError set), newest first' }) items: ProblemRecordDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class ProblemCandidatesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 90, default: 7, description: 'The sliding window: incidents opened in the days before `to`' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(90)
  windowDays?: number;

  @ApiPropertyOptional({ minimum: 2, maximum: 10_000, default: 3, description: 'The fewest incidents with something in common that make a candidate' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(2) @Max(10_000)
  threshold?: number;

  @ApiPropertyOptional({ format: 'date-time', description: "The window ends here (default: now; on the next pages, the first page's)" })
  @IsOptional() @IsInstant()
  to?: string;
}

class ClusterKeyDto {
  @ApiProperty({ enum: ['ci', 'symptom'] }) kind: string;
  @ApiPropertyOptional() configurationItemId?: string;
  @ApiPropertyOptional({ description: 'Clustered case and outer spaces aside; shown as most of its incidents spell it (a tie: as the earliest opened does)' }) category?: string;
  @ApiPropertyOptional({ description: 'Clustered case and outer spaces aside; shown in lower case' }) symptom?: string;
}

export class ClusteredIncidentDto {
  @ApiProperty({ example: SAMPLE.incidentId, format: 'uuid' }) incidentId: string;
  @ApiProperty({ type: String, nullable: true }) number: string | null;
  @ApiProperty({ example: 'Mail is slow' }) title: string;
}

export class ProblemCandidateDto {
  @ApiProperty({ type: ClusterKeyDto, description: 'What the incidents have in common: a CI, or a category and symptom' }) key: ClusterKeyDto;
  @ApiProperty({ example: 3 }) count: number;
  @ApiProperty({ example: [SAMPLE.incidentId], type: [String], description: 'In id order' }) incidentIds: string[];
  @ApiProperty({ type: [ClusteredIncidentDto], description: 'The same incidents in the same order, with their numbers and titles' }) incidents: ClusteredIncidentDto[];
  @ApiProperty({ example: SAMPLE.at, format: 'date-time' }) firstOpenedAt: string;
  @ApiProperty({ example: SAMPLE.later, format: 'date-time' }) lastOpenedAt: string;
}

export class ProblemCandidatesDto {
  @ApiProperty({ example: '2026-02-23T08:30:00.000Z', format: 'date-time' }) from: string;
  @ApiProperty({ example: SAMPLE.at, format: 'date-time' }) to: string;
  @ApiProperty({ example: 3 }) threshold: number;
  @ApiProperty({ type: [ProblemCandidateDto], description: 'Largest cluster first' }) items: ProblemCandidateDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last' }) nextCursor: string | null;
}
