import { Controller, Get, Header, Inject, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { getIncident, INCIDENT_DETAIL_KEY, INCIDENT_LIFECYCLE_KEY, incidentLifecycleQuery } from '@itsm/projections';
import type { ReadStore } from '@itsm/read-store';
import { ProblemException, READ_STORE, IncidentIdPipe } from '@itsm/platform';
import { Consistency } from '../consistency';
import { historyPage, HistoryPageQueryDto } from '../page-query.dto';
import { JSON_TEXT, viewPageText } from '../read-model-view';
import { IncidentHoldPageDto, IncidentResolutionPageDto } from './incident-views.dto';
import { ApiReads, ApiPartsOf } from '../query-docs';


/** Every hold and every resolution of an incident, for auditors first: each is kept, none overwritten (issue 9). */
@ApiReads('incidents')
@Controller('incidents')
export class IncidentLifecycleController {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    private readonly consistency: Consistency,
  ) {}

  @Get(':id/holds')
  @ApiOperation({ summary: "Every hold of an incident: reason, note, start, end, who, how it ended and how long; a page at a time, the first first unless order=desc", description: 'Each hold is kept, none overwritten: why, what it awaited, who started and ended it, how it ended and how long it lasted. A page at a time, the first hold first, or the latest first with order=desc.' })
  @ApiOkResponse({ type: IncidentHoldPageDto })
  @ApiPartsOf('incident')
  @Header('content-type', JSON_TEXT)
  async holds(@Param('id', IncidentIdPipe) id: string, @Query() query: HistoryPageQueryDto) {
    await this.known(id, query);
    return viewPageText(await this.store.findAsJson(INCIDENT_LIFECYCLE_KEY, incidentLifecycleQuery(id, 'hold', historyPage(query))));
  }

  @Get(':id/resolutions')
  @ApiOperation({ summary: 'Every resolution of an incident, the reopened ones included, with who resolved it and who reopened or closed it; paged like holds', description: 'Each resolution is kept, the reopened ones included, with its code and notes, who resolved it and who reopened or closed it. A page at a time, the first first, or the latest first with order=desc.' })
  @ApiOkResponse({ type: IncidentResolutionPageDto })
  @ApiPartsOf('incident')
  @Header('content-type', JSON_TEXT)
  async resolutions(@Param('id', IncidentIdPipe) id: string, @Query() query: HistoryPageQueryDto) {
    await this.known(id, query);
    return viewPageText(await this.store.findAsJson(INCIDENT_LIFECYCLE_KEY, incidentLifecycleQuery(id, 'resolution', historyPage(query))));
  }

  /** The detail answers whether the incident exists: an unknown one is a 404, not an empty page. */
  private async known(id: string, query: HistoryPageQueryDto): Promise<void> {
    await this.consistency.await([INCIDENT_DETAIL_KEY, INCIDENT_LIFECYCLE_KEY], query.consistentWith);
    if (!(await getIncident(this.store, id))) throw new ProblemException(404, 'incident.not_found', `No incident ${id}`);
  }
}
