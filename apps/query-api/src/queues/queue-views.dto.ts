import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { INCIDENT_STATUSES } from '@itsm/projections';
import { SingleLine } from '@itsm/platform';
import { PageQueryDto } from '../page-query.dto';

export class UnassignedQueueQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only this assignment group' }) @IsOptional() @IsString() @MaxLength(100) @SingleLine() group?: string;
}

export class QueueItemDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true, example: 'INC0010001', description: 'The number people say; null for an incident opened before numbers were recorded' }) number: string | null;
  @ApiProperty() title: string;
  @ApiProperty({ enum: [1, 2, 3, 4, 5] }) priority: number;
  @ApiProperty({ enum: INCIDENT_STATUSES }) status: string;
  @ApiProperty({ type: String, nullable: true }) assignmentGroup: string | null;
  @ApiProperty({ type: String, nullable: true }) assignee: string | null;
  @ApiProperty({ format: 'date-time' }) openedAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ description: 'Always true in a queue: the incident still needs work' }) active: boolean;
}

export class QueuePageDto {
  @ApiProperty({ type: [QueueItemDto], description: 'Most urgent first, then oldest first' }) items: QueueItemDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last' }) nextCursor: string | null;
}
