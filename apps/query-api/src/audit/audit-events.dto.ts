import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { IsInstant, SingleLine, invalidField } from '@itsm/platform';
import { KNOWN_STREAM_TYPE_NAMES, type AuditTrailFilter } from '@itsm/projections';
import { PageQueryDto, toList } from '../page-query.dto';
import { SAMPLE } from '../examples';

export const AUDIT_DOWNLOAD_FORMATS = ['csv', 'jsonl'] as const;
export type AuditDownloadFormat = (typeof AUDIT_DOWNLOAD_FORMATS)[number];


export class AuditEventsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only events recorded with this actor (the token subject), exactly' })
  @IsOptional() @IsString() @MaxLength(200) @SingleLine()
  actor?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Only events that occurred at or after this instant (inclusive)' })
  @IsOptional() @IsInstant()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Only events that occurred before this instant (exclusive)' })
  @IsOptional() @IsInstant()
  to?: string;

  @ApiPropertyOptional({
    type: [String],
    description: `Only these kinds of stream: ${KNOWN_STREAM_TYPE_NAMES.join(', ')}, or another stream name's prefix (the part before its first dash). Repeat the parameter or separate with commas; any may match`,
  })
  @IsOptional() @Transform(toList) @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @Length(1, 100, { each: true }) @SingleLine({ each: true })
  streamType?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Only these event types (e.g. IncidentOpened). Repeat the parameter or separate with commas; any may match' })
  @IsOptional() @Transform(toList) @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @Length(1, 100, { each: true }) @SingleLine({ each: true })
  type?: string[];

  @ApiPropertyOptional({
    enum: AUDIT_DOWNLOAD_FORMATS,
    description: 'Download every matching event instead of a page: csv (RFC 4180) or jsonl (one JSON object a line). Takes precedence over Accept; no cursor or limit with it',
  })
  @IsOptional() @IsIn([...AUDIT_DOWNLOAD_FORMATS])
  format?: AuditDownloadFormat;
}

/** The query string as a question to the trail; an empty time range is refused rather than answered with nothing. */
export function auditTrailFilterOf(query: AuditEventsQueryDto): AuditTrailFilter {
  if (query.from !== undefined && query.to !== undefined && Date.parse(query.to) <= Date.parse(query.from)) throw invalidField('to', 'must be after from');
  return {
    ...(query.actor === undefined ? {} : { actor: query.actor }),
    ...(query.from === undefined ? {} : { from: query.from }),
    ...(query.to === undefined ? {} : { to: query.to }),
    ...(query.streamType === undefined ? {} : { streamTypes: query.streamType }),
    ...(query.type === undefined ? {} : { types: query.type }),
  };
}

export class AuditEventDto {
  @ApiProperty({ example: SAMPLE.position, description: 'Position in the global log; events are listed in this order' }) position: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'When it happened (business time, UTC)' }) occurredAt: string | null;
  @ApiProperty({ example: SAMPLE.at, format: 'date-time', description: 'When the store wrote it' }) recordedAt: string;
  @ApiProperty({ type: String, nullable: true, description: 'Who: the authenticated principal' }) actor: string | null;
  @ApiProperty({ example: 'incident' }) streamType: string;
  @ApiProperty({ example: 'incident-5f0c…' }) stream: string;
  @ApiProperty({ example: 0, description: 'Its place in its stream, from 0' }) revision: number;
  @ApiProperty({ example: 'IncidentOpened' }) type: string;
  @ApiProperty({ type: String, nullable: true }) eventId: string | null;
  @ApiProperty({ type: String, nullable: true }) commandType: string | null;
  @ApiProperty({ type: String, nullable: true }) commandId: string | null;
  @ApiProperty({ type: String, nullable: true }) correlationId: string | null;
  @ApiProperty({ type: String, nullable: true }) causationId: string | null;
  @ApiProperty({ type: Number, nullable: true }) schemaVersion: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'Hash of the previous event of the stream; null for its first' }) prevHash: string | null;
  @ApiProperty({ type: String, nullable: true }) hash: string | null;
  @ApiProperty({ example: { incidentId: SAMPLE.incidentId, title: 'Mail is not delivered' }, description: 'The fact itself, as recorded' }) data: object;
}

export class AuditEventPageDto {
  @ApiProperty({ type: [AuditEventDto], description: 'In log order' }) items: AuditEventDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor, with the same filters, for the next page; null on the last' }) nextCursor: string | null;
}
