import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, ValidateIf, ValidateNested } from 'class-validator';
import { AWAITED_KINDS, HOLD_REASONS, RESOLUTION_CODES, type AwaitedKind, type HoldReason, type Impact, type ResolutionCode, type Urgency } from '@itsm/domain';
import { apply, Level, levelDoc, OptionalLine, OptionalText, RequiredLine, RequiredText } from '../commands/field-rules';
import { SAMPLE_ID } from '../commands/samples';

export class OpenIncidentDto {
  @ApiProperty({ maxLength: 160, example: 'Email delivery delayed for the finance department' }) @RequiredLine(160) title: string;
  @ApiProperty({ example: 'Since 08:00 mail to external recipients waits in the outbox for up to an hour.', maxLength: 8000 }) @RequiredText(8000) description: string;
  @ApiProperty({ maxLength: 200, example: 'bob' }) @RequiredLine(200) caller: string;
  @ApiProperty({ maxLength: 100, example: 'email' }) @RequiredLine(100) category: string;
  @ApiProperty(levelDoc('Impact')) @Level() impact: Impact;
  @ApiProperty(levelDoc('Urgency')) @Level() urgency: Urgency;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 100 }) @OptionalLine(100) configurationItemId?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 100, example: 'service-desk' }) @OptionalLine(100) assignmentGroup?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 100, example: 'outlook' }) @OptionalLine(100) subcategory?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 200, example: 'mail stuck in outbox' }) @OptionalLine(200) symptom?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 100, example: 'phone' }) @OptionalLine(100) contactType?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 200, example: 'Berlin HQ, floor 3' }) @OptionalLine(200) location?: string | null;
}

/** Present only what changes; title, description and category may be changed but not emptied. */
const Changed = (decorator: PropertyDecorator) => apply([ValidateIf((_, v) => v !== undefined), decorator]);

export class EditIncidentDto {
  @ApiPropertyOptional({ example: 'Email delivery delayed for the finance department', maxLength: 160 }) @Changed(RequiredLine(160)) title?: string;
  @ApiPropertyOptional({ maxLength: 8000 }) @Changed(RequiredText(8000)) description?: string;
  @ApiPropertyOptional({ maxLength: 100 }) @Changed(RequiredLine(100)) category?: string;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 100, description: 'null empties it' }) @OptionalLine(100) subcategory?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 200, description: 'null empties it' }) @OptionalLine(200) symptom?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 100, description: 'null empties it' }) @OptionalLine(100) contactType?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 200, description: 'null empties it' }) @OptionalLine(200) location?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 100, description: 'A registered, live CI; null: none' }) @OptionalLine(100) configurationItemId?: string | null;
}

export class ReclassifyIncidentDto {
  @ApiProperty(levelDoc('Impact')) @Level() impact: Impact;
  @ApiProperty(levelDoc('Urgency')) @Level() urgency: Urgency;
  @ApiProperty({ example: 'The whole finance department is affected, not one person', maxLength: 2000 }) @RequiredText(2000) reason: string;
}

export class AssignIncidentDto {
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 100, example: 'network' }) @OptionalLine(100) assignmentGroup?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 200, example: 'alice' }) @OptionalLine(200) assignee?: string | null;
}

export class ReassignIncidentDto extends AssignIncidentDto {
  @ApiProperty({ example: 'The mail gateway belongs to the network team', maxLength: 2000 }) @RequiredText(2000) reason: string;
}

export class NoteDto {
  @ApiProperty({ example: 'Restarted the mail gateway; the queue is draining.', maxLength: 8000 }) @RequiredText(8000) text: string;
}

export class AwaitedReferenceDto {
  @ApiProperty({ enum: AWAITED_KINDS, description: 'change with awaiting_change, problem with awaiting_problem, vendor_ticket with awaiting_vendor' }) @IsIn([...AWAITED_KINDS]) kind: AwaitedKind;
  @ApiProperty({ maxLength: 200, example: 'CHG0030012', description: 'As the other side knows it: a change number or id, a problem, the vendor’s case number' }) @RequiredLine(200) reference: string;
}

export class HoldIncidentDto {
  @ApiProperty({ enum: HOLD_REASONS, example: 'awaiting_change' }) @IsIn([...HOLD_REASONS]) reason: HoldReason;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 2000, example: 'The fix ships with the next gateway change' }) @OptionalText(2000) note?: string | null;
  @ApiPropertyOptional({ type: AwaitedReferenceDto, nullable: true, description: 'What the hold waits for, when its reason waits for a change, a problem or a vendor' })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsObject() @ValidateNested() @Type(() => AwaitedReferenceDto)
  awaiting?: AwaitedReferenceDto | null;
}

export class ResolveIncidentDto {
  @ApiProperty({ enum: RESOLUTION_CODES }) @IsIn([...RESOLUTION_CODES]) resolutionCode: ResolutionCode;
  @ApiProperty({ example: 'Gateway restarted; the queue drained by 09:10.', maxLength: 8000 }) @RequiredText(8000) resolutionNotes: string;
}

export class ChildIncidentDto {
  @ApiProperty({ maxLength: 100, example: 'INC0010002', description: 'The child incident, by id or number' }) @RequiredLine(100) childId: string;
}

export class DetachChildDto extends ChildIncidentDto {
  @ApiProperty({ example: 'A different cause: the mailbox was full', maxLength: 2000 }) @RequiredText(2000) reason: string;
}

export class MajorIncidentReviewDto {
  @ApiProperty({ example: 'The mail gateway stopped relaying for 70 minutes after a certificate expired.', maxLength: 8000, description: 'What happened' }) @RequiredText(8000) whatHappened: string;
  @ApiProperty({ example: '08:00 first reports; 08:20 major incident accepted; 09:10 certificate renewed, mail flowing.', maxLength: 8000, description: 'The timeline, as the review established it' }) @RequiredText(8000) timeline: string;
  @ApiProperty({ example: 'Alert 30 days before a certificate expires; renew certificates by automation.', maxLength: 8000, description: 'The actions agreed' }) @RequiredText(8000) actions: string;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 100, example: 'PRB0010001', description: 'The problem that follows it, by id or number' }) @OptionalLine(100) problemId?: string | null;
}

export class ReasonDto {
  @ApiProperty({ example: 'Opened twice for the same outage', maxLength: 2000 }) @RequiredText(2000) reason: string;
}

export class CommandAcceptedDto {
  @ApiProperty({ example: SAMPLE_ID, format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Revision of the stream after the command (use it as If-Match)', example: 3 }) revision: number;
  @ApiProperty({ description: 'Position in the event log (use it as consistentWith on queries)', example: '00000000000000000042' })
  position: string;
}

export class OpenedDto extends CommandAcceptedDto {
  @ApiProperty({ example: 'INC0010001', description: 'The number people say; every path takes it in place of the id' }) number: string;
}
