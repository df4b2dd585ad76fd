import { Controller, Get, Inject, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Priority } from '@itsm/domain';
import { getIncident, INCIDENT_DETAIL_KEY, listIncidents } from '@itsm/projections';
import type { ReadStore } from '@itsm/read-store';
import { ApiQueryProblems, invalidField, ProblemDto, ProblemException, READ_STORE, READER_ROLES, RequireRoles } from '@itsm/platform';
import { Consistency } from '../consistency';
import { ConsistencyQueryDto, DEFAULT_PAGE_SIZE } from '../page-query.dto';
import { view, viewPage } from '../read-model-view';
import { IncidentDetailDto, IncidentListQueryDto, IncidentPageDto } from './incident-views.dto';

const uuid = new ParseUUIDPipe({ exceptionFactory: () => invalidField('id', 'must be a UUID') });

@ApiTags('incidents')
@ApiBearerAuth()
@ApiQueryProblems()
@RequireRoles(...READER_ROLES)
@Controller('incidents')
export class IncidentsController {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    private readonly consistency: Consistency,
  ) {}

  @Get(':id')
  @ApiOperation({ summary: 'One incident as it stands, with who opened and last changed it' })
  @ApiOkResponse({ type: IncidentDetailDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  async get(@Param('id', uuid) id: string, @Query() query: ConsistencyQueryDto) {
    await this.consistency.await([INCIDENT_DETAIL_KEY], query.consistentWith);
    const incident = await getIncident(this.store, id);
    if (!incident) throw new ProblemException(404, 'incident.not_found', `No incident ${id}`);
    return view(incident);
  }

  @Get()
  @ApiOperation({ summary: 'Incidents by state, group and priority; most urgent, then oldest, first' })
  @ApiOkResponse({ type: IncidentPageDto })
  async list(@Query() query: IncidentListQueryDto) {
    await this.consistency.await([INCIDENT_DETAIL_KEY], query.consistentWith);
    const page = await listIncidents(this.store, {
      ...(query.state !== undefined && { status: query.state }),
      ...(query.group !== undefined && { assignmentGroup: query.group }),
      ...(query.priority !== undefined && { priority: query.priority as Priority }),
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
      cursor: query.cursor ?? null,
    });
    return viewPage(page);
  }
}
