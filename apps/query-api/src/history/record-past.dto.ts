import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsInstant } from '@itsm/platform';
import { SAMPLE } from '../examples';
import { ConsistencyQueryDto } from '../page-query.dto';

/** GET of one record: as it stands, or as it stood at a past instant or revision. */
export class RecordQueryDto extends ConsistencyQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'The record as it stood at this instant: folded from the log up to its last event that occurred at or before it' })
  @IsOptional() @IsInstant()
  asOf?: string;

  @ApiPropertyOptional({ minimum: 0, description: 'The record as it stood after its event of this revision (0 is the event that created it)' })
  // Only plain decimal digits: Number() would also take '', '0x5', '1e1' and ' 5'.
  @IsOptional() @Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^(0|[1-9]\d{0,9})$/.test(value) ? Number(value) : value)) @IsInt() @Min(0) @Max(2 ** 31 - 1)
  atRevision?: number;
}

export class IntegrityBreakDto {
  @ApiProperty({ example: SAMPLE.position }) position: string;
  @ApiProperty({ type: String, nullable: true, example: `incident-${SAMPLE.incidentId}` }) stream: string | null;
  @ApiProperty({ type: Number, nullable: true, example: 4 }) revision: number | null;
  @ApiProperty({ description: 'hash_mismatch, fingerprint_mismatch, missing_event, … (ADR 16)', example: 'hash_mismatch' }) reason: string;
  @ApiProperty({ example: 'the event’s hash is not the hash of its content' }) detail: string;
}

export class IntegrityStatusDto {
  @ApiProperty({ enum: ['intact', 'broken'], description: 'As last verified. broken: an integrity alarm is raised, and what the log holds (this answer included) may have been altered' }) state: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'When the alarm was raised' }) since?: string;
  @ApiPropertyOptional({ description: 'Who raised it: the projector’s verifier or a command that loaded a broken stream' }) detectedBy?: string;
  @ApiPropertyOptional({ type: IntegrityBreakDto, description: 'The first break found' }) firstBreak?: IntegrityBreakDto;
}

export class ReflectsDto {
  @ApiProperty({ description: 'The revision of the record’s last event folded', example: 4 }) revision: number;
  @ApiProperty({ description: 'The log position the state is taken at: that event’s, or for a change a later schedule of another change that named it', example: SAMPLE.position }) position: string;
  @ApiProperty({ format: 'date-time', description: 'When that event occurred', example: SAMPLE.at }) occurredAt: string;
  @ApiProperty({ format: 'date-time', description: 'When the log recorded it', example: SAMPLE.at }) recordedAt: string;
  @ApiProperty({ type: IntegrityStatusDto, description: 'Whether the log this was folded from is intact, as last verified' }) integrity: IntegrityStatusDto;
}

export class FieldChangeDto {
  @ApiProperty({ description: 'Dotted path into the record: priority, window.start, attributes.os; relationships for a CI relationship', example: 'priority' }) field: string;
  @ApiProperty({ nullable: true, description: 'The value before (null: absent)' }) from: unknown;
  @ApiProperty({ nullable: true, description: 'The value after (null: absent)' }) to: unknown;
}

export class UpcastDto {
  @ApiProperty({ description: 'The schema version data is shown in', example: 9 }) to: number;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The fact exactly as written, which the hash covers', example: { incidentId: SAMPLE.incidentId, assignmentGroup: SAMPLE.group, assignee: SAMPLE.person } })
  storedData: Record<string, unknown>;
}

export class HistoryEntryDto {
  @ApiProperty({ description: 'Global log position', example: SAMPLE.position }) position: string;
  @ApiProperty({ example: `incident-${SAMPLE.incidentId}` }) stream: string;
  @ApiProperty({ example: 4 }) revision: number;
  @ApiProperty({ description: 'Event type, e.g. IncidentReclassified', example: 'IncidentReclassified' }) type: string;
  @ApiProperty({ description: 'Who: the token subject of the command, or system:… for the platform', example: SAMPLE.person }) actor: string;
  @ApiProperty({ format: 'date-time', description: 'When it happened (the command’s time)', example: SAMPLE.at }) occurredAt: string;
  @ApiProperty({ format: 'date-time', description: 'When the log recorded it', example: SAMPLE.at }) recordedAt: string;
  @ApiProperty({ example: 'ReclassifyIncident' }) commandType: string;
  @ApiProperty({ example: '1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed' }) commandId: string;
  @ApiProperty({ example: '4bf92f3577b34da6a3ce929d0e0e4736' }) correlationId: string;
  @ApiProperty({ example: '1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed' }) causationId: string;
  @ApiProperty({ description: 'SHA-256 of the event, chained to the one before in its stream', example: SAMPLE.hash }) hash: string;
  @ApiProperty({ type: String, nullable: true, description: 'The hash of the event before in its stream; null for the first' }) prevHash: string | null;
  @ApiProperty({ enum: ['own', 'inbound'], description: 'own: recorded on this record’s stream; inbound: recorded by another CI about this one (a relationship to it)' }) direction: string;
  @ApiProperty({ description: 'The schema version the fact was written at', example: 9 }) schemaVersion: number;
  @ApiProperty({ type: UpcastDto, nullable: true, description: 'Set when the fact was written at an older schema version and data shows it in the current shape (ADR 21); null otherwise' })
  upcast: UpcastDto | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'The fact, in the shape this version of the code reads it: one recorded at an older schema version is shown in the current shape (ADR 21; upcast gives it as written, which the log and its hash keep). ConfigurationItemAttributesUpdated: set, unset, and previous (the value before of each key set or unset that had one; a key new to the CI is absent; not on updates recorded before schema version 2)',
    example: { incidentId: SAMPLE.incidentId, impact: 1, urgency: 1, priority: 1, reason: 'Payroll cannot print cheques' },
  })
  data: Record<string, unknown>;
  @ApiProperty({ type: [FieldChangeDto], description: 'What it changed in the record, before and after' }) changes: FieldChangeDto[];
}

export class HistoryPageDto {
  @ApiProperty({ type: [HistoryEntryDto], description: 'One page, oldest first (or newest first with order=desc)' }) items: HistoryEntryDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last' }) nextCursor: string | null;
  @ApiProperty({ type: IntegrityStatusDto, description: 'Whether the log this page was read from is intact, as last verified' }) integrity: IntegrityStatusDto;
}
