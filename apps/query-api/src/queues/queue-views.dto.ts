import { ApiProperty } from '@nestjs/swagger';
import type { Priority } from '@itsm/domain';
import { INCIDENT_STATUSES } from '@itsm/projections';
import { AnyOf, AnyText } from '../list-filter';
import { PageQueryDto } from '../page-query.dto';
import { SAMPLE } from '../examples';

const ACTIVE_STATUSES = ['new', 'in_progress', 'on_hold'] as const;

/** Any queue narrowed by the fields of its items, each one value or several. */
export class QueueQueryDto extends PageQueryDto {
  @AnyOf(ACTIVE_STATUSES, { description: 'Only incidents in these statuses (a queue holds the active ones)', example: 'new' }) status?: (typeof ACTIVE_STATUSES)[number][];
  @AnyOf([1, 2, 3, 4, 5], { description: 'Only incidents of these priorities (1 critical … 5 planning)', example: 1 }) priority?: Priority[];
}

export class UnassignedQueueQueryDto extends QueueQueryDto {
  @AnyText({ description: 'Only incidents assigned to these groups', example: 'service-desk' }) assignmentGroup?: string[];
  @AnyText({ description: 'Assignment group', deprecatedFor: 'assignmentGroup' }) group?: string[];
}

export class QueueItemDto {
  @ApiProperty({ example: SAMPLE.incidentId, format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true, example: 'INC0010001', description: 'The number people say; null for an incident opened before numbers were recorded' }) number: string | null;
  @ApiProperty({ example: 'Mail is not delivered' }) title: string;
  @ApiProperty({ enum: [1, 2, 3, 4, 5] }) priority: number;
  @ApiProperty({ enum: INCIDENT_STATUSES }) status: string;
  @ApiProperty({ type: String, nullable: true }) assignmentGroup: string | null;
  @ApiProperty({ type: String, nullable: true }) assignee: string | null;
  @ApiProperty({ example: SAMPLE.at, format: 'date-time' }) openedAt: string;
  @ApiProperty({ example: SAMPLE.later, format: 'date-time' }) updatedAt: string;
  @ApiProperty({ example: true, description: 'Always true in a queue: the incident still needs work' }) active: boolean;
}

export class QueuePageDto {
  @ApiProperty({ type: [QueueItemDto], description: 'Most urgent first, then oldest first' }) items: QueueItemDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last' }) nextCursor: string | null;
}
