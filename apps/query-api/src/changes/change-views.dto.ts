import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { IsInstant, SingleLine } from '@itsm/platform';
import { APPROVAL_LINE_KINDS } from '@itsm/projections';
import { AnyId, AnyOf } from '../list-filter';
import { PageQueryDto } from '../page-query.dto';
import { ReflectsDto } from '../history/record-past.dto';
import { SAMPLE } from '../examples';

export const CHANGE_STATES = ['draft', 'awaiting_authorization', 'authorized', 'scheduled', 'implementing', 'in_review', 'closed', 'cancelled'] as const;

export class CalendarQueryDto extends PageQueryDto {
  @ApiProperty({ format: 'date-time', description: 'Start of the range (inclusive)' }) @IsInstant() from: string;
  @ApiProperty({ format: 'date-time', description: 'End of the range (exclusive)' }) @IsInstant() to: string;
  @AnyId({ description: 'Only changes touching any of these CIs (by id)', example: '6f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f' }) ciIds?: string[];
  @ApiPropertyOptional({ description: 'Only changes touching this service or any CI it is built on (via the CMDB)' })
  @IsOptional() @IsString() @MaxLength(100) @SingleLine() service?: string;
  @AnyOf(CHANGE_STATES, { description: 'Only changes in these states', example: 'scheduled' }) state?: (typeof CHANGE_STATES)[number][];
  @AnyId({ description: 'A CI id', deprecatedFor: 'ciIds' }) ci?: string[];
}

export class RangeQueryDto extends PageQueryDto {
  @ApiProperty({ format: 'date-time' }) @IsInstant() from: string;
  @ApiProperty({ format: 'date-time' }) @IsInstant() to: string;
}

export class WindowViewDto {
  @ApiProperty({ example: '2026-03-10T20:00:00.000Z', format: 'date-time' }) start: string;
  @ApiProperty({ example: '2026-03-10T23:00:00.000Z', format: 'date-time' }) end: string;
}

export class ApprovalLineDto {
  @ApiProperty({ example: `${SAMPLE.changeId}:4`, description: 'The change id and the revision that recorded the line' }) id: string;
  @ApiProperty({ example: SAMPLE.changeId, format: 'uuid' }) changeId: string;
  @ApiProperty({ enum: APPROVAL_LINE_KINDS }) kind: string;
  @ApiProperty({ example: 'cara' }) actor: string;
  @ApiProperty({ example: SAMPLE.later, format: 'date-time' }) at: string;
  @ApiProperty({ type: String, nullable: true }) comment: string | null;
  @ApiProperty({ example: SAMPLE.hash, description: 'The content this line is about' }) contentHash: string;
  @ApiPropertyOptional() approvals?: number;
  @ApiPropertyOptional() required?: number;
  @ApiPropertyOptional({ type: [String] }) invalidatedApprovers?: string[];
  @ApiPropertyOptional() previousContentHash?: string;
  @ApiPropertyOptional({ enum: ['approvals', 'standard_template'] }) basis?: string;
  @ApiProperty({ example: 4, description: 'Stream revision of the change that recorded it' }) revision: number;
}

export class ApprovalLinePageDto {
  @ApiProperty({ type: [ApprovalLineDto], description: 'By revision: oldest first, or newest first with order=desc' }) items: ApprovalLineDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last' }) nextCursor: string | null;
}

export class RiskViewDto {
  @ApiProperty({ enum: ['low', 'moderate', 'high', 'very_high'] }) level: string;
  @ApiProperty({ example: 7 }) score: number;
  @ApiProperty({ example: { affectedServices: 1, leadTimeHours: 36, pastChanges: { total: 4, failed: 0 }, affectedCiCount: 2 }, description: 'affectedServices, leadTimeHours, pastChanges {total, failed}, affectedCiCount' }) inputs: object;
  @ApiProperty({ example: 'risk-2025.1' }) riskPolicyVersion: string;
  @ApiProperty({ example: 'approval-2025.1' }) approvalPolicyVersion: string;
  @ApiProperty({ example: SAMPLE.at, format: 'date-time' }) assessedAt: string;
}

export class RetrospectiveViewDto {
  @ApiProperty({ example: false, description: 'True until the retrospective review is recorded (closure waits for it)' }) retrospectiveReviewRequired: boolean;
  @ApiProperty({ enum: ['not_authorized', 'outside_window'], isArray: true, description: 'Why the emergency start needed it; empty when it did not' })
  flagReasons: string[];
  @ApiProperty({ type: String, nullable: true, description: 'Whose members may record it' }) reviewerGroup: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the flagged start was recorded' }) flaggedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the retrospective review was recorded (see reviews)' })
  reviewedAt: string | null;
}

export class ChangeRecordDto {
  @ApiProperty({ example: SAMPLE.changeId, format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true, example: 'CHG0010001', description: 'The number people say, usable in place of the id in every path; null for a change raised before numbers were recorded' }) number: string | null;
  @ApiProperty({ enum: ['standard', 'normal', 'emergency'] }) changeType: string;
  @ApiProperty({ enum: CHANGE_STATES }) status: string;
  @ApiProperty({ example: 'Upgrade the core router' }) title: string;
  @ApiProperty({ example: 'End of support' }) justification: string;
  @ApiProperty({ example: 'Upgrade, then reload' }) implementationPlan: string;
  @ApiProperty({ example: 'Reload the previous image' }) backoutPlan: string;
  @ApiProperty({ example: 'Ping every site' }) testPlan: string;
  @ApiProperty({ type: WindowViewDto, description: 'The authorized (requested) window' }) window: WindowViewDto;
  @ApiProperty({ example: [SAMPLE.ciId], type: [String] }) affectedCiIds: string[];
  @ApiProperty({ example: 'rita' }) requester: string;
  @ApiProperty({ type: String, nullable: true }) assignee: string | null;
  @ApiProperty({ example: null, nullable: true, description: '{templateId, templateVersion} for a standard change' }) template: object | null;
  @ApiProperty({ example: SAMPLE.hash, description: 'What an approval binds to: pass it to /approve' }) contentHash: string;
  @ApiProperty({ type: RiskViewDto, nullable: true }) risk: RiskViewDto | null;
  @ApiProperty({ example: { group: 'cab', required: 2 }, nullable: true, description: '{group, required}' }) approvalRule: object | null;
  @ApiProperty({ example: ['cara'], type: [String], description: 'Approvers of the current content' }) currentApprovers: string[];
  @ApiProperty({ example: 1, description: 'Lines of the approvals timeline so far: read them at /changes/{id}/approvals' }) approvalTimelineCount: number;
  @ApiProperty({ type: WindowViewDto, nullable: true }) scheduledWindow: WindowViewDto | null;
  @ApiProperty({ example: [], type: [Object], description: 'Conflicts this change recorded when it was scheduled (same_ci, dependency, blackout)' }) conflicts: object[];
  @ApiProperty({
    example: [],
    type: [Object],
    description: 'Conflicts other changes recorded with this one when they were scheduled, seen from this change (changeId and window are the other\'s); only while that schedule stands',
  })
  conflictsRecordedByOthers: object[];
  @ApiProperty({ example: false }) blackoutOverride: boolean;
  @ApiProperty({ type: RetrospectiveViewDto, nullable: true, description: 'Null until implementation starts' }) retrospective: RetrospectiveViewDto | null;
  @ApiProperty({ example: null, nullable: true, description: '{result, backoutPerformed, notes}' }) outcome: object | null;
  @ApiProperty({ example: [], type: [Object], description: '{kind, reviewer, at, result, notes}' }) reviews: object[];
  @ApiProperty({ type: String, nullable: true }) cancellationReason: string | null;
  @ApiProperty({ example: SAMPLE.at, format: 'date-time' }) raisedAt: string;
  @ApiProperty({ example: SAMPLE.later, format: 'date-time' }) updatedAt: string;
  @ApiProperty({ example: 'cara' }) updatedBy: string;
  @ApiProperty({ example: 4, description: 'Stream revision of the last event of this change: send it back as If-Match' }) revision: number;
  @ApiPropertyOptional({ type: ReflectsDto, description: 'Only with ?asOf or ?atRevision: the point of the log this past state reflects, and whether the log is intact' }) reflects?: ReflectsDto;
}

export class ChangeRecordPageDto {
  @ApiProperty({ type: [ChangeRecordDto], description: 'Longest waiting first' }) items: ChangeRecordDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class CalendarEntryDto {
  @ApiProperty({ example: SAMPLE.changeId, format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true, example: 'CHG0010001' }) number: string | null;
  @ApiProperty({ example: 'Upgrade the core router' }) title: string;
  @ApiProperty({ enum: ['standard', 'normal', 'emergency'] }) changeType: string;
  @ApiProperty({ enum: CHANGE_STATES }) state: string;
  @ApiProperty({ type: WindowViewDto, description: 'The scheduled slot, or the requested window before scheduling' }) window: WindowViewDto;
  @ApiProperty({ type: WindowViewDto }) requestedWindow: WindowViewDto;
  @ApiProperty({ type: WindowViewDto, nullable: true }) scheduledWindow: WindowViewDto | null;
  @ApiProperty({ example: '2026-03-10T20:00:00.000Z', format: 'date-time' }) windowStart: string;
  @ApiProperty({ example: '2026-03-10T23:00:00.000Z', format: 'date-time' }) windowEnd: string;
  @ApiProperty({ example: [SAMPLE.ciId], type: [String] }) ciIds: string[];
  @ApiProperty({ type: String, nullable: true, enum: ['low', 'moderate', 'high', 'very_high'] }) risk: string | null;
  @ApiProperty({ type: String, nullable: true, enum: ['successful', 'failed'] }) outcome: string | null;
}

export class CalendarPageDto {
  @ApiProperty({ type: [CalendarEntryDto], description: 'By window start' }) items: CalendarEntryDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class BlackoutWindowViewDto {
  @ApiProperty({ example: SAMPLE.blackoutWindowId, format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Quarter close' }) name: string;
  @ApiProperty({ type: WindowViewDto }) window: WindowViewDto;
  @ApiProperty({ example: { kind: 'all' }, description: "{kind: 'all'} or {kind: 'cis', ciIds}" }) scope: object;
  @ApiProperty({ example: 'Finance closes the quarter' }) reason: string;
  @ApiProperty({ example: true }) active: boolean;
  @ApiProperty({ example: 'carl' }) definedBy: string;
  @ApiProperty({ example: SAMPLE.at, format: 'date-time' }) definedAt: string;
  @ApiProperty({ example: SAMPLE.at, format: 'date-time' }) updatedAt: string;
  @ApiProperty({ example: 0, description: 'Stream revision of the last event of this blackout window: send it back as If-Match' }) revision: number;
  @ApiPropertyOptional({ type: ReflectsDto, description: 'Only with ?asOf or ?atRevision: the point of the log this past state reflects, and whether the log is intact' }) reflects?: ReflectsDto;
}

export class ChangeTemplateDto {
  @ApiProperty({ example: 'os-security-patch' }) id: string;
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty({ example: 'Operating system security patch' }) title: string;
  @ApiProperty({ example: 'Monthly security patches on one server, in its maintenance window' }) description: string;
  @ApiProperty({ example: { implementationPlan: 'Apply the patches, reboot', backoutPlan: 'Remove the patches, reboot', testPlan: 'Services answer their health checks' }, description: '{implementationPlan, backoutPlan, testPlan}' }) content: object;
}

export class ChangeTemplatePageDto {
  @ApiProperty({ type: [ChangeTemplateDto] }) items: ChangeTemplateDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last' }) nextCursor: string | null;
}

export class BlackoutWindowPageDto {
  @ApiProperty({ type: [BlackoutWindowViewDto], description: 'By start' }) items: BlackoutWindowViewDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last' }) nextCursor: string | null;
}
