import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AWAITED_KINDS, HOLD_REASONS, RESOLUTION_CODES, type Priority } from '@itsm/domain';
import { HOLD_ENDINGS, INCIDENT_NOTE_KINDS, INCIDENT_STATUSES, RESOLUTION_OUTCOMES, type IncidentDetailStatus, type IncidentListFilter } from '@itsm/projections';
import { AnyOf, AnyText, underEitherName } from '../list-filter';
import { PageQueryDto } from '../page-query.dto';
import { SAMPLE } from '../examples';
import { ReflectsDto } from '../history/record-past.dto';

const PRIORITIES = [1, 2, 3, 4, 5] as const;

/** Named after the fields of the incidents listed; each takes one value or several. */
export class IncidentListQueryDto extends PageQueryDto {
  @AnyOf(INCIDENT_STATUSES, { description: 'Only incidents in these statuses', example: 'new' }) status?: IncidentDetailStatus[];
  @AnyText({ description: 'Only incidents assigned to these groups', example: 'service-desk' }) assignmentGroup?: string[];
  @AnyText({ description: 'Only incidents assigned to these people (the token subject)', example: 'alice' }) assignee?: string[];
  @AnyOf(PRIORITIES, { description: 'Only incidents of these priorities (1 critical … 5 planning)', example: 1 }) priority?: Priority[];
  @AnyText({ description: 'Only incidents of these categories, as recorded', example: 'network' }) category?: string[];
  @AnyOf(INCIDENT_STATUSES, { description: 'Incident status', deprecatedFor: 'status' }) state?: IncidentDetailStatus[];
  @AnyText({ description: 'Assignment group', deprecatedFor: 'assignmentGroup' }) group?: string[];
}

/** The list's filters as the query function takes them, from the names or their deprecated aliases. */
export function incidentListFilter(query: IncidentListQueryDto): IncidentListFilter {
  return {
    status: underEitherName({ status: query.status, state: query.state }, 'status', 'state'),
    assignmentGroup: underEitherName({ assignmentGroup: query.assignmentGroup, group: query.group }, 'assignmentGroup', 'group'),
    assignee: query.assignee,
    priority: query.priority,
    category: query.category,
  };
}

const nullableString = { type: String, nullable: true } as const;

export class AwaitedReferenceViewDto {
  @ApiProperty({ enum: AWAITED_KINDS }) kind: string;
  @ApiProperty({ example: 'CHG0010007', description: 'As the other side knows it: a change number, a problem, the vendor’s case number' }) reference: string;
}
const nullableTime = { type: String, format: 'date-time', nullable: true } as const;

export class ImportedSourceDto {
  @ApiProperty({ example: 'servicenow' }) system: string;
  @ApiProperty({ example: 'acme.service-now.com', description: 'The source instance, as the import named it' }) instance: string;
  @ApiProperty({ example: 'INC0000045', description: "The incident's number in the source: its number here too, unless another incident held it first (number is then null and the incident is found by id)" }) number: string;
  @ApiProperty({ example: 'Awaiting User Info', description: "The source's own name for the state of its last version" }) state: string;
  @ApiProperty({ type: String, nullable: true, description: "The source's assignee, kept when it has no group (our assignment then reads as none)" }) assignee: string | null;
  @ApiProperty({ example: 12 }) versionsImported: number;
  @ApiProperty({ example: 0, description: "Versions the export did not hold (gaps in the source's version numbers)" }) versionsMissing: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string', nullable: true }, description: 'The columns our model has no field for, as the last version wrote them (made_sla, knowledge, notify, problem_id, rfc, vendor, caused_by, closed_code, …)' })
  fields: Record<string, string | null>;
}

export class ParentRefDto {
  @ApiProperty({ example: SAMPLE.incidentId, format: 'uuid' }) incidentId: string;
  @ApiProperty({ type: String, nullable: true }) number: string | null;
}

export class MajorIncidentReviewDto {
  @ApiProperty({ example: 'The mail spool filled and delivery stopped' }) whatHappened: string;
  @ApiProperty({ example: '09:00 alert, 09:40 restored' }) timeline: string;
  @ApiProperty({ example: 'Move the cleanup job before the backup' }) actions: string;
  @ApiProperty({ type: String, nullable: true, description: 'The problem that follows it' }) problemId: string | null;
  @ApiProperty({ example: SAMPLE.later, format: 'date-time' }) recordedAt: string;
  @ApiProperty({ example: 'mona' }) recordedBy: string;
}

export class WorkaroundDto {
  @ApiProperty({ example: SAMPLE.problemId, format: 'uuid' }) problemId: string;
  @ApiProperty({ type: String, nullable: true, example: 'PRB0010001' }) problemNumber: string | null;
  @ApiProperty({ example: 'Restart the spooler on mx1' }) workaround: string;
  @ApiProperty({ example: SAMPLE.at, format: 'date-time' }) publishedAt: string;
}

export class IncidentDetailDto {
  @ApiProperty({ example: SAMPLE.incidentId, format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true, example: 'INC0010001', description: 'The number people say, usable in place of the id in every path; null for an incident opened before numbers were recorded' }) number: string | null;
  @ApiProperty({ example: 'Mail is not delivered' }) title: string;
  @ApiProperty({ example: 'Outbox stuck since 08:00' }) description: string;
  @ApiProperty({ example: 'bob' }) caller: string;
  @ApiProperty({ example: 'email' }) category: string;
  @ApiProperty(nullableString) subcategory: string | null;
  @ApiProperty(nullableString) symptom: string | null;
  @ApiProperty({ ...nullableString, description: 'How the caller reached the service desk' }) contactType: string | null;
  @ApiProperty(nullableString) location: string | null;
  @ApiProperty({ enum: [1, 2, 3] }) impact: number;
  @ApiProperty({ enum: [1, 2, 3] }) urgency: number;
  @ApiProperty({ enum: [1, 2, 3, 4, 5], description: '1 critical … 5 planning' }) priority: number;
  @ApiProperty({ example: 'itil-default-2024.1', description: 'The priority matrix that set the current priority' }) priorityMatrixVersion: string;
  @ApiProperty(nullableString) configurationItemId: string | null;
  @ApiProperty(nullableString) assignmentGroup: string | null;
  @ApiProperty(nullableString) assignee: string | null;
  @ApiProperty({ enum: INCIDENT_STATUSES }) status: string;
  @ApiProperty({ enum: HOLD_REASONS, nullable: true }) holdReason: string | null;
  @ApiProperty(nullableString) holdNote: string | null;
  @ApiProperty({ type: AwaitedReferenceViewDto, nullable: true, description: 'What the current hold waits for, when it names it' }) holdAwaiting: AwaitedReferenceViewDto | null;
  @ApiProperty({ enum: RESOLUTION_CODES, nullable: true }) resolutionCode: string | null;
  @ApiProperty(nullableString) resolutionNotes: string | null;
  @ApiProperty(nullableString) cancellationReason: string | null;
  @ApiProperty({ example: 0 }) reassignmentCount: number;
  @ApiProperty({ example: 0 }) reopenCount: number;
  @ApiProperty({ example: 1, description: 'Holds ever started: read each at /incidents/{id}/holds' }) holdCount: number;
  @ApiProperty({ example: 0, description: 'Resolutions ever recorded, the reopened ones included: read each at /incidents/{id}/resolutions' }) resolutionCount: number;
  @ApiProperty({ ...nullableTime, description: 'When the current hold started; null when not on hold' }) onHoldSince: string | null;
  @ApiProperty({ example: 0, description: 'Milliseconds spent on finished holds (the current one not included)' }) totalHoldMs: number;
  @ApiProperty({ example: 2, description: 'Internal work notes so far: read them at /incidents/{id}/work-notes' }) workNoteCount: number;
  @ApiProperty({ example: 1, description: 'Customer-visible comments so far: read them at /incidents/{id}/comments' }) commentCount: number;
  @ApiProperty(nullableTime) lastWorkNoteAt: string | null;
  @ApiProperty({ ...nullableString, description: 'Who wrote the latest work note' }) lastWorkNoteBy: string | null;
  @ApiProperty(nullableTime) lastCommentAt: string | null;
  @ApiProperty({ ...nullableString, description: 'Who wrote the latest comment' }) lastCommentBy: string | null;
  @ApiProperty({ example: SAMPLE.at, format: 'date-time' }) openedAt: string;
  @ApiProperty({ example: 'ann' }) openedBy: string;
  @ApiProperty({ example: SAMPLE.later, format: 'date-time' }) updatedAt: string;
  @ApiProperty({ example: SAMPLE.person }) updatedBy: string;
  @ApiProperty({ ...nullableTime, description: 'The standing resolution; null again once reopened' }) resolvedAt: string | null;
  @ApiProperty({ ...nullableString, description: 'Who recorded the standing resolution' }) resolvedBy: string | null;
  @ApiProperty(nullableTime) closedAt: string | null;
  @ApiProperty(nullableString) closedBy: string | null;
  @ApiProperty(nullableTime) cancelledAt: string | null;
  @ApiProperty(nullableString) cancelledBy: string | null;
  @ApiProperty({ example: 4, description: 'Stream revision: send it as If-Match with the next command' }) revision: number;
  @ApiProperty({ type: ImportedSourceDto, nullable: true, description: 'For an incident imported from another tool: where from, and what its last version said that our fields do not hold' }) source: ImportedSourceDto | null;
  @ApiProperty({ type: [WorkaroundDto], description: 'The workarounds of the problems that cause it, one per problem, as last published to it' }) workarounds: WorkaroundDto[];
  @ApiProperty({ type: ParentRefDto, nullable: true, description: 'The parent whose resolution resolved it, when one did' }) resolvedWithParent: ParentRefDto | null;
  @ApiProperty({ type: String, nullable: true, enum: ['proposed', 'accepted'], description: 'Proposed or accepted as a major incident' }) majorStatus: string | null;
  @ApiProperty({ type: String, nullable: true }) majorReason: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) majorSince: string | null;
  @ApiProperty({ example: [], type: [String], description: 'Its children, when it is a parent' }) childIds: string[];
  @ApiProperty({ type: String, nullable: true, description: 'Its parent, when it is a child (null for a child attached before incident schema version 8, whose own stream recorded nothing)' }) parentId: string | null;
  @ApiProperty({ type: MajorIncidentReviewDto, nullable: true, description: "A major incident's review" }) review: MajorIncidentReviewDto | null;
  @ApiPropertyOptional({ type: ReflectsDto, description: 'Only with ?asOf or ?atRevision: the point of the log this past state reflects, and whether the log is intact' }) reflects?: ReflectsDto;
}

export class IncidentPageDto {
  @ApiProperty({ type: [IncidentDetailDto] }) items: IncidentDetailDto[];
  @ApiProperty({ ...nullableString, description: 'Pass as cursor for the next page; null on the last' }) nextCursor: string | null;
}

export class IncidentNoteDto {
  @ApiProperty({ example: `${SAMPLE.incidentId}:3`, description: 'The incident id and the revision that recorded the note' }) id: string;
  @ApiProperty({ example: SAMPLE.incidentId, format: 'uuid' }) incidentId: string;
  @ApiProperty({ enum: INCIDENT_NOTE_KINDS, description: 'work_note: internal, for resolvers; comment: visible to the caller' }) kind: string;
  @ApiProperty({ example: 'Restarted the spooler on mx1' }) text: string;
  @ApiProperty({ example: SAMPLE.person, description: 'The authenticated actor who wrote it' }) author: string;
  @ApiProperty({ example: SAMPLE.later, format: 'date-time' }) at: string;
  @ApiProperty({ example: 3, description: 'Stream revision of the incident that recorded it' }) revision: number;
  @ApiProperty({ example: SAMPLE.position, description: 'Log position that recorded it' }) position: string;
}

export class IncidentNotePageDto {
  @ApiProperty({ type: [IncidentNoteDto], description: 'By revision: oldest first, or newest first with order=desc' }) items: IncidentNoteDto[];
  @ApiProperty({ ...nullableString, description: 'Pass as cursor for the next page; null on the last' }) nextCursor: string | null;
}

const entryOf = (kind: string) => ({
  id: { description: `The incident id, '${kind}' and the number` },
  number: { description: `1 for the incident's first ${kind}, and so on` },
  revision: { description: `Stream revision of the incident that started the ${kind}` },
});

export class IncidentHoldDto {
  @ApiProperty({ ...entryOf('hold').id, example: `${SAMPLE.incidentId}:hold:1` }) id: string;
  @ApiProperty({ example: SAMPLE.incidentId, format: 'uuid' }) incidentId: string;
  @ApiProperty({ enum: ['hold'] }) kind: string;
  @ApiProperty({ ...entryOf('hold').number, example: 1 }) number: number;
  @ApiProperty({ ...entryOf('hold').revision, example: 2 }) revision: number;
  @ApiProperty({ example: SAMPLE.position, description: 'Log position that started it' }) position: string;
  @ApiProperty({ enum: HOLD_REASONS }) reason: string;
  @ApiProperty(nullableString) note: string | null;
  @ApiProperty({ type: AwaitedReferenceViewDto, nullable: true, description: 'What it waited for, when it named it' }) awaiting: AwaitedReferenceViewDto | null;
  @ApiProperty({ example: SAMPLE.at, format: 'date-time' }) startedAt: string;
  @ApiProperty({ example: SAMPLE.person }) startedBy: string;
  @ApiProperty({ example: true, description: 'False for an imported incident whose first exported version was already on hold: when the hold began is not known' }) startSeen: boolean;
  @ApiProperty({ ...nullableTime, description: 'Null while the hold runs' }) endedAt: string | null;
  @ApiProperty(nullableString) endedBy: string | null;
  @ApiProperty({ enum: HOLD_ENDINGS, nullable: true, description: 'resumed, or resolved or cancelled while on hold' }) endedWith: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'endedAt − startedAt in milliseconds; null while the hold runs' }) durationMs: number | null;
}

export class IncidentHoldPageDto {
  @ApiProperty({ type: [IncidentHoldDto], description: 'By revision: the first first, or the latest first with order=desc' }) items: IncidentHoldDto[];
  @ApiProperty({ ...nullableString, description: 'Pass as cursor for the next page; null on the last' }) nextCursor: string | null;
}

export class IncidentResolutionDto {
  @ApiProperty({ ...entryOf('resolution').id, example: `${SAMPLE.incidentId}:resolution:1` }) id: string;
  @ApiProperty({ example: SAMPLE.incidentId, format: 'uuid' }) incidentId: string;
  @ApiProperty({ enum: ['resolution'] }) kind: string;
  @ApiProperty({ ...entryOf('resolution').number, example: 1 }) number: number;
  @ApiProperty({ ...entryOf('resolution').revision, example: 5 }) revision: number;
  @ApiProperty({ example: SAMPLE.position, description: 'Log position that recorded it' }) position: string;
  @ApiProperty({ enum: RESOLUTION_CODES, nullable: true, description: 'Null for an imported resolution (see sourceCloseCode)' }) resolutionCode: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: "An imported resolution's close code as the source wrote it" }) sourceCloseCode?: string | null;
  @ApiProperty({ example: 'Restarted the spooler' }) resolutionNotes: string;
  @ApiProperty({ example: SAMPLE.later, format: 'date-time' }) resolvedAt: string;
  @ApiProperty({ example: SAMPLE.person }) resolvedBy: string;
  @ApiProperty({ enum: RESOLUTION_OUTCOMES, nullable: true, description: 'reopened: it did not hold; closed: it held; null while it stands' }) outcome: string | null;
  @ApiProperty(nullableTime) reopenedAt: string | null;
  @ApiProperty(nullableString) reopenedBy: string | null;
  @ApiProperty(nullableString) reopenReason: string | null;
  @ApiProperty(nullableTime) closedAt: string | null;
  @ApiProperty(nullableString) closedBy: string | null;
}

export class IncidentResolutionPageDto {
  @ApiProperty({ type: [IncidentResolutionDto], description: 'By revision: the first first, or the latest first with order=desc' }) items: IncidentResolutionDto[];
  @ApiProperty({ ...nullableString, description: 'Pass as cursor for the next page; null on the last' }) nextCursor: string | null;
}
