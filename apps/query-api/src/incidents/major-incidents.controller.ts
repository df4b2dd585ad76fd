import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty } from '@nestjs/swagger';
import { findMajorIncidents, INCIDENT_DETAIL_KEY, type IncidentDetailDocument } from '@itsm/projections';
import type { Page, ReadStore } from '@itsm/read-store';
import { READ_STORE } from '@itsm/platform';
import { Consistency } from '../consistency';
import { AnyOf, underEitherName } from '../list-filter';
import { page, PageQueryDto } from '../page-query.dto';
import { view } from '../read-model-view';
import { IncidentDetailDto } from './incident-views.dto';
import { SAMPLE } from '../examples';
import { ApiReads } from '../query-docs';

const MAJOR_STATUSES = ['proposed', 'accepted'] as const;
type MajorStatus = (typeof MAJOR_STATUSES)[number];

/** `majorStatus`, as the items name it: `status` there is the incident's own, always live on the board. */
export class MajorIncidentBoardQueryDto extends PageQueryDto {
  @AnyOf(MAJOR_STATUSES, { description: 'Only incidents proposed, or accepted, as major (both when absent)', example: 'accepted' }) majorStatus?: MajorStatus[];
  @AnyOf(MAJOR_STATUSES, { description: 'Major status', deprecatedFor: 'majorStatus' }) status?: MajorStatus[];
}

export class MajorIncidentChildDto {
  @ApiProperty({ example: SAMPLE.childId, format: 'uuid' }) incidentId: string;
  @ApiProperty({ type: String, nullable: true, example: 'INC0010002' }) number: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Null when the incident read model has not caught up with the child' }) title: string | null;
  @ApiProperty({ type: String, nullable: true }) status: string | null;
}

export class MajorIncidentDto extends IncidentDetailDto {
  @ApiProperty({ type: [MajorIncidentChildDto], description: 'Its children (childIds, in the same order), as the incident read model shows each now' }) children: MajorIncidentChildDto[];
}

export class MajorIncidentPageDto {
  @ApiProperty({ type: [MajorIncidentDto], description: 'Live major incidents (and proposals), the newest first, each with its children and review' }) items: MajorIncidentDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

/** The major incident board. */
@ApiReads('incidents')
@Controller('major-incidents')
export class MajorIncidentsController {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    private readonly consistency: Consistency,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The major incident board: live incidents accepted (or proposed) as major, the newest first, with their children (number, title, status) and reviews', description: 'Live incidents (not closed or cancelled) proposed or accepted as major, the newest first, each with its children as the incident read model shows them now and its review. majorStatus narrows to proposed or accepted (status is its deprecated name). A page at a time.' })
  @ApiOkResponse({ type: MajorIncidentPageDto })
  async board(@Query() query: MajorIncidentBoardQueryDto) {
    const majorStatus = underEitherName({ majorStatus: query.majorStatus, status: query.status }, 'majorStatus', 'status');
    await this.consistency.await([INCIDENT_DETAIL_KEY], query.consistentWith);
    const majors = await findMajorIncidents(this.store, majorStatus ?? [...MAJOR_STATUSES], page(query));
    return withChildren(this.store, majors);
  }
}

/**
 * Each major incident with its children as people recognise them, read from the same read model at
 * query time (one read for the whole page): a child's title and status change after it is attached.
 * A child the read model has not caught up with shows its id and nulls.
 */
async function withChildren(store: ReadStore, majors: Page<IncidentDetailDocument>) {
  const children = await store.getMany<IncidentDetailDocument>(INCIDENT_DETAIL_KEY, [...new Set(majors.items.flatMap((major) => major.childIds))]);
  const childOf = (incidentId: string) => {
    const child = children.get(incidentId);
    return { incidentId, number: child?.number ?? null, title: child?.title ?? null, status: child?.status ?? null };
  };
  return { items: majors.items.map((major) => ({ ...view(major), children: major.childIds.map(childOf) })), nextCursor: majors.nextCursor };
}
