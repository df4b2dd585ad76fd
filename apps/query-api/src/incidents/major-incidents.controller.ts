import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsArray, IsIn, IsOptional } from 'class-validator';
import { findMajorIncidents, INCIDENT_DETAIL_KEY } from '@itsm/projections';
import type { ReadStore } from '@itsm/read-store';
import { ApiQueryProblems, READ_STORE } from '@itsm/platform';
import { Consistency } from '../consistency';
import { DEFAULT_PAGE_SIZE, PageQueryDto, toList } from '../page-query.dto';
import { viewPage } from '../read-model-view';
import { IncidentDetailDto } from './incident-views.dto';

const MAJOR_STATUSES = ['proposed', 'accepted'] as const;

export class MajorIncidentBoardQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ type: [String], enum: MAJOR_STATUSES, description: 'proposed, accepted or both (default), comma-separated or repeated' })
  @IsOptional() @Transform(toList) @IsArray() @IsIn([...MAJOR_STATUSES], { each: true })
  status?: ('proposed' | 'accepted')[];
}

export class MajorIncidentPageDto {
  @ApiProperty({ type: [IncidentDetailDto], description: 'Live major incidents (and proposals), the newest first, each with its children and review' }) items: IncidentDetailDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

/** The major incident board. */
@ApiTags('incidents')
@ApiBearerAuth()
@ApiQueryProblems()
@Controller('major-incidents')
export class MajorIncidentsController {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    private readonly consistency: Consistency,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The major incident board: live incidents accepted (or proposed) as major, the newest first, with their children and reviews' })
  @ApiOkResponse({ type: MajorIncidentPageDto })
  async board(@Query() query: MajorIncidentBoardQueryDto) {
    await this.consistency.await([INCIDENT_DETAIL_KEY], query.consistentWith);
    return viewPage(await findMajorIncidents(this.store, query.status ?? [...MAJOR_STATUSES], { limit: query.limit ?? DEFAULT_PAGE_SIZE, cursor: query.cursor ?? null }));
  }
}
