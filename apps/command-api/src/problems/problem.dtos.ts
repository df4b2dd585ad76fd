import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import type { Impact, Urgency } from '@itsm/domain';
import { Level, levelDoc, OptionalLine, OptionalText, RequiredLine, RequiredText } from '../commands/field-rules';

export class RaiseProblemDto {
  @ApiProperty({ maxLength: 160, example: 'Mail queue stalls every Monday morning' }) @RequiredLine(160) title: string;
  @ApiProperty({ example: 'The outbound mail queue stalls for about an hour every Monday at 08:00.', maxLength: 8000 }) @RequiredText(8000) description: string;
  @ApiProperty({ maxLength: 100, example: 'email' }) @RequiredLine(100) category: string;
  @ApiProperty(levelDoc('Impact')) @Level() impact: Impact;
  @ApiProperty(levelDoc('Urgency')) @Level() urgency: Urgency;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 100 }) @OptionalLine(100) configurationItemId?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 100, example: 'messaging' }) @OptionalLine(100) assignmentGroup?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 200, example: 'pat' }) @OptionalLine(200) assignee?: string | null;
  @ApiPropertyOptional({ type: [String], maxItems: 100, description: 'The incidents it is raised from (ids or numbers), linked from the start' })
  @IsOptional() @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) @IsNotEmpty({ each: true }) @MaxLength(100, { each: true })
  incidentIds?: string[];
}

export class AssignProblemDto {
  @ApiProperty({ maxLength: 100, example: 'messaging' }) @RequiredLine(100) assignmentGroup: string;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 200, example: 'pat' }) @OptionalLine(200) assignee?: string | null;
}

export class ReclassifyProblemDto {
  @ApiProperty(levelDoc('Impact')) @Level() impact: Impact;
  @ApiProperty(levelDoc('Urgency')) @Level() urgency: Urgency;
  @ApiProperty({ example: 'It now stops mail for every department', maxLength: 2000 }) @RequiredText(2000) reason: string;
}

export class AssessProblemDto {
  @ApiPropertyOptional({ example: 'Seen on four Mondays in a row', type: String, nullable: true, maxLength: 8000, description: 'What the assessment found' }) @OptionalText(8000) note?: string | null;
}

export class RootCauseDto {
  @ApiProperty({ maxLength: 8000, example: 'A weekly cron job fills the spool partition' }) @RequiredText(8000) rootCause: string;
  @ApiProperty({ maxLength: 100, example: 'configuration' }) @RequiredLine(100) rootCauseCategory: string;
}

export class WorkaroundDto {
  @ApiProperty({ maxLength: 8000, example: 'Restart the spooler on mx1' }) @RequiredText(8000) workaround: string;
}

export class LinkIncidentDto {
  @ApiProperty({ maxLength: 100, example: 'INC0010001', description: 'The incident, by id or number' }) @RequiredLine(100) incidentId: string;
}

export class UnlinkIncidentDto extends LinkIncidentDto {
  @ApiProperty({ example: 'Not the same cause: that incident was a full mailbox', maxLength: 2000 }) @RequiredText(2000) reason: string;
}

export class KnownErrorDto {
  @ApiProperty({ maxLength: 200, example: 'mail stuck in outbox', description: 'What people see: how the known error is found' }) @RequiredLine(200) symptom: string;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 100, description: "Default: the problem's category" }) @OptionalLine(100) category?: string | null;
}

export class FixChangeDto {
  @ApiProperty({ maxLength: 100, example: 'CHG0010001', description: 'The change that fixes it, by id or number' }) @RequiredLine(100) changeId: string;
}

export class ResolveProblemDto {
  @ApiProperty({ example: 'The cron job moved to a partition of its own; no stall since.', maxLength: 8000 }) @RequiredText(8000) resolution: string;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 2000, description: 'Why it is resolved though its fix change is not closed successful' }) @OptionalText(2000) overrideReason?: string | null;
}
