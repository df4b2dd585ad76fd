import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CommandAcceptedDto } from '../incidents/incident.dtos';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  IMPLEMENTATION_OUTCOMES,
  RETROSPECTIVE_OUTCOMES,
  REVIEW_RESULTS,
  type ImplementationOutcome,
  type RetrospectiveOutcome,
  type ReviewResult,
} from '@itsm/domain';
import { IsInstant, MultiLine, SingleLine } from '@itsm/platform';

const apply = (decorators: PropertyDecorator[]): PropertyDecorator => (target, key) => decorators.forEach((d) => d(target, key));
const Required = [IsString(), IsNotEmpty()];
const Optional = [IsOptional(), IsString(), IsNotEmpty()];
/** In an edit, absent leaves a field as it is and null is no value: refused here rather than met by the handler. */
const IfPresent = () => ValidateIf((_, value) => value !== undefined);
const Edited = [IfPresent(), IsString(), IsNotEmpty()];
/** Titles, names, people, ids and hashes: one line. */
const Line = (max: number) => apply([...Required, MaxLength(max), SingleLine()]);
const OptionalLine = (max: number) => apply([...Optional, MaxLength(max), SingleLine()]);
const EditedLine = (max: number) => apply([...Edited, MaxLength(max), SingleLine()]);
/** Justifications, plans, comments, notes and reasons: line breaks allowed. */
const Text = (max: number) => apply([...Required, MaxLength(max), MultiLine()]);
const OptionalText = (max: number) => apply([...Optional, MaxLength(max), MultiLine()]);
const EditedText = (max: number) => apply([...Edited, MaxLength(max), MultiLine()]);
// How many CIs a change or a blackout may name is a rule of the domain (MAX_CIS_PER_COMMAND: 422), not of the DTO.
const CiIds = () => apply([IsArray(), IsString({ each: true }), IsNotEmpty({ each: true }), MaxLength(100, { each: true }), SingleLine({ each: true })]);
// ValidateNested alone lets an absent window through, and the domain would meet undefined.
const Window = () => apply([IsDefined(), ValidateNested(), Type(() => WindowDto)]);
const EditedWindow = () => apply([IfPresent(), ValidateNested(), Type(() => WindowDto)]);

/** Half-open [start, end), RFC 3339 instants with a zone (no week or ordinal dates, no local times). */
export class WindowDto {
  @ApiProperty({ format: 'date-time', example: '2026-03-10T22:00:00Z' }) @IsInstant() start: string;
  @ApiProperty({ format: 'date-time', example: '2026-03-11T02:00:00Z' }) @IsInstant() end: string;
}

export class RaiseChangeDto {
  @ApiProperty({ enum: ['standard', 'normal', 'emergency'] }) @IsIn(['standard', 'normal', 'emergency']) changeType: 'standard' | 'normal' | 'emergency';
  @ApiProperty({ example: 'Renew the mail gateway certificate', maxLength: 160 }) @Line(160) title: string;
  @ApiProperty({ example: 'The certificate expires on 2026-03-15; mail stops without it.', maxLength: 8000 }) @Text(8000) justification: string;
  @ApiPropertyOptional({ description: 'Required for standard changes: the id of a template from GET /change-templates' })
  @ValidateIf((o: RaiseChangeDto) => o.changeType === 'standard') @Line(100) templateId?: string;
  @ApiPropertyOptional({ example: 'Install the new certificate on mx1 and mx2, then reload the gateway.', maxLength: 8000, description: 'Required for normal and emergency changes' })
  @ValidateIf((o: RaiseChangeDto) => o.changeType !== 'standard') @Text(8000) implementationPlan?: string;
  @ApiPropertyOptional({ example: 'Reinstall the previous certificate and reload.', maxLength: 8000 }) @ValidateIf((o: RaiseChangeDto) => o.changeType !== 'standard') @Text(8000) backoutPlan?: string;
  @ApiPropertyOptional({ example: 'Send a test mail to an external address from each node.', maxLength: 8000 }) @ValidateIf((o: RaiseChangeDto) => o.changeType !== 'standard') @Text(8000) testPlan?: string;
  @ApiProperty({ type: WindowDto }) @Window() window: WindowDto;
  @ApiProperty({ type: [String], example: ['ci-db-01'] }) @CiIds() affectedCiIds: string[];
  @ApiPropertyOptional({ maxLength: 200 }) @OptionalLine(200) assignee?: string;
}

export class UpdateChangeDto {
  @ApiPropertyOptional({ maxLength: 160 }) @EditedLine(160) title?: string;
  @ApiPropertyOptional({ maxLength: 8000 }) @EditedText(8000) justification?: string;
  @ApiPropertyOptional({ maxLength: 8000 }) @EditedText(8000) implementationPlan?: string;
  @ApiPropertyOptional({ maxLength: 8000 }) @EditedText(8000) backoutPlan?: string;
  @ApiPropertyOptional({ maxLength: 8000 }) @EditedText(8000) testPlan?: string;
  @ApiPropertyOptional({ type: WindowDto }) @EditedWindow() window?: WindowDto;
  @ApiPropertyOptional({ type: [String] }) @IfPresent() @CiIds() affectedCiIds?: string[];
}

export class AssignChangeDto {
  @ApiProperty({ example: 'alice', maxLength: 200 }) @Line(200) assignee: string;
}

export class ApproveChangeDto {
  @ApiProperty({ description: 'The content hash shown to the approver (GET /changes/:id)', example: 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' }) @Line(100) contentHash: string;
  @ApiPropertyOptional({ maxLength: 2000 }) @OptionalText(2000) comment?: string;
}

export class RejectChangeDto {
  @ApiProperty({ example: 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' }) @Line(100) contentHash: string;
  @ApiProperty({ example: 'Test it on one node first, then ask again', maxLength: 2000 }) @Text(2000) comment: string;
}

export class ScheduleChangeDto {
  @ApiProperty({ type: WindowDto, description: 'The slot, inside the authorized window' }) @Window() window: WindowDto;
}

export class CompleteChangeDto {
  @ApiProperty({ enum: IMPLEMENTATION_OUTCOMES }) @IsIn([...IMPLEMENTATION_OUTCOMES]) outcome: ImplementationOutcome;
  @ApiPropertyOptional({ description: 'Required when the implementation failed' }) @IsOptional() @IsBoolean() backoutPerformed?: boolean;
  @ApiProperty({ example: 'Both nodes reloaded; external mail flows.', maxLength: 8000 }) @Text(8000) notes: string;
}

export class ReviewChangeDto {
  @ApiProperty({ enum: REVIEW_RESULTS }) @IsIn([...REVIEW_RESULTS]) result: ReviewResult;
  @ApiProperty({ example: 'Done as planned, in the window.', maxLength: 8000 }) @Text(8000) notes: string;
}

export class RetrospectiveReviewDto {
  @ApiProperty({ enum: RETROSPECTIVE_OUTCOMES }) @IsIn([...RETROSPECTIVE_OUTCOMES]) outcome: RetrospectiveOutcome;
  @ApiProperty({ example: 'The early start was justified: mail was down.', maxLength: 8000 }) @Text(8000) notes: string;
}

/** A change cancelled or a blackout window withdrawn: why. (Named apart from the incidents' ReasonDto: one document, one schema per name.) */
export class ChangeReasonDto {
  @ApiProperty({ example: 'Superseded by a later request', maxLength: 2000 }) @Text(2000) reason: string;
}

export class BlackoutScopeDto {
  @ApiProperty({ enum: ['all', 'cis'] }) @IsIn(['all', 'cis']) kind: 'all' | 'cis';
  @ApiPropertyOptional({ type: [String], description: 'Required when kind is cis' }) @ValidateIf((o: BlackoutScopeDto) => o.kind === 'cis') @CiIds() ciIds?: string[];
}

export class DefineBlackoutWindowDto {
  @ApiProperty({ example: 'Quarter-end freeze', maxLength: 160 }) @Line(160) name: string;
  @ApiProperty({ type: WindowDto }) @Window() window: WindowDto;
  @ApiProperty({ type: BlackoutScopeDto }) @IsDefined() @ValidateNested() @Type(() => BlackoutScopeDto) scope: BlackoutScopeDto;
  @ApiProperty({ example: 'Finance closes the quarter', maxLength: 2000 }) @Text(2000) reason: string;
}

export class ChangeBlackoutWindowDto {
  @ApiPropertyOptional({ maxLength: 160 }) @EditedLine(160) name?: string;
  @ApiPropertyOptional({ type: WindowDto }) @EditedWindow() window?: WindowDto;
  @ApiPropertyOptional({ type: BlackoutScopeDto }) @IfPresent() @ValidateNested() @Type(() => BlackoutScopeDto) scope?: BlackoutScopeDto;
  @ApiPropertyOptional({ maxLength: 2000 }) @EditedText(2000) reason?: string;
}

class ConflictWindowDto {
  @ApiProperty({ example: '2026-03-10T22:00:00Z', format: 'date-time' }) start: string;
  @ApiProperty({ example: '2026-03-11T02:00:00Z', format: 'date-time' }) end: string;
}

/** One recorded conflict: another change on the same CI or a neighbouring one, or a blackout window. */
export class ChangeConflictDto {
  @ApiProperty({ enum: ['same_ci', 'dependency', 'blackout'] }) kind: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The other change (same_ci, dependency)' }) changeId?: string;
  @ApiPropertyOptional({ description: 'Our CI (same_ci, dependency)' }) ciId?: string;
  @ApiPropertyOptional({ description: "The other change's CI next to ours (dependency)" }) otherCiId?: string;
  @ApiPropertyOptional({ enum: ['depends_on', 'dependency_of'], description: 'our ciId <relation> their otherCiId' }) relation?: string;
  @ApiPropertyOptional({ description: 'The blackout window (blackout)' }) blackoutWindowId?: string;
  @ApiPropertyOptional({ description: 'Name of the blackout window (blackout)' }) name?: string;
  @ApiProperty({ type: ConflictWindowDto, description: 'The window of the other change or of the blackout' }) window: ConflictWindowDto;
}

export class ScheduleAcceptedDto extends CommandAcceptedDto {
  @ApiProperty({ type: [ChangeConflictDto], description: 'What the schedule overlaps, as recorded on the change' }) conflicts: ChangeConflictDto[];
}
