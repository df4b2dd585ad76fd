import { Controller, Get, Header, Inject, Param, Query, UseInterceptors } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { getIncident, INCIDENT_DETAIL_KEY, INCIDENT_NOTES_KEY, incidentListQuery, incidentNotesQuery, type IncidentNoteKind } from '@itsm/projections';
import type { ReadStore } from '@itsm/read-store';
import { ProblemException, READ_STORE, IncidentIdPipe } from '@itsm/platform';
import { ConditionalGet } from '../conditional-get.interceptor';
import { Consistency } from '../consistency';
import { historyPage, HistoryPageQueryDto, page } from '../page-query.dto';
import { RecordPast } from '../history/record-past';
import { RecordQueryDto } from '../history/record-past.dto';
import { JSON_TEXT, view, viewPageText } from '../read-model-view';
import { IncidentDetailDto, incidentListFilter, IncidentListQueryDto, IncidentNotePageDto, IncidentPageDto } from './incident-views.dto';
import { ApiReads, ApiPartsOf, ApiRecordRead } from '../query-docs';


/**
 * Every role may read incidents, work notes included: the roles (agent, manager, auditor, admin,
 * change-manager, cab-member) are all service staff, and none stands for a caller. Should callers
 * ever get tokens, /work-notes is the endpoint to close to them.
 */
@ApiReads('incidents')
@Controller('incidents')
export class IncidentsController {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    private readonly consistency: Consistency,
    private readonly past: RecordPast,
  ) {}

  @Get(':id')
  @UseInterceptors(ConditionalGet)
  @ApiOperation({ summary: 'One incident as it stands, with who opened and last changed it, and how many notes it has; ETag, If-None-Match (304); ?asOf=<instant> or ?atRevision=<n>: as it stood then, folded from the log, with the revision and position it reflects', description: 'Answers the incident read model by id or number (INC…). The answer carries an ETag; send it as If-None-Match to get 304 when nothing changed. With asOf (an instant) or atRevision (a revision of its stream), the incident is folded from the log as it stood then, and reflects says which event and position that is.' })
  @ApiOkResponse({ type: IncidentDetailDto })
  @ApiRecordRead('incident')
  async get(@Param('id', IncidentIdPipe) id: string, @Query() query: RecordQueryDto) {
    if (this.past.asksForThePast(query)) return this.past.stateAt('incident', id, query);
    await this.consistency.await([INCIDENT_DETAIL_KEY], query.consistentWith);
    return view(await this.known(id));
  }

  @Get(':id/work-notes')
  @ApiOperation({ summary: "An incident's internal work notes (for resolvers), a page at a time, oldest first unless order=desc", description: 'Work notes are internal, for resolvers. A page at a time by the revision that recorded them, oldest first, or newest first with order=desc; an unknown incident is a 404, not an empty page.' })
  @ApiOkResponse({ type: IncidentNotePageDto })
  @ApiPartsOf('incident')
  @Header('content-type', JSON_TEXT)
  workNotes(@Param('id', IncidentIdPipe) id: string, @Query() query: HistoryPageQueryDto) {
    return this.notes(id, 'work_note', query);
  }

  @Get(':id/comments')
  @ApiOperation({ summary: "An incident's customer-visible comments, a page at a time, oldest first unless order=desc", description: 'Comments are visible to the caller. A page at a time by the revision that recorded them, oldest first, or newest first with order=desc; an unknown incident is a 404, not an empty page.' })
  @ApiOkResponse({ type: IncidentNotePageDto })
  @ApiPartsOf('incident')
  @Header('content-type', JSON_TEXT)
  comments(@Param('id', IncidentIdPipe) id: string, @Query() query: HistoryPageQueryDto) {
    return this.notes(id, 'comment', query);
  }

  @Get()
  @ApiOperation({ summary: 'Incidents by status, assignment group, assignee, priority and category (each one value or several); most urgent, then oldest, first', description: 'Every filter is named after the field it narrows and takes one value or several: status=new,on_hold and status=new&status=on_hold both mean either. The filters all hold. A page at a time (limit, then cursor from nextCursor), most urgent first, then oldest. state and group are the deprecated names of status and assignmentGroup.' })
  @ApiOkResponse({ type: IncidentPageDto })
  @Header('content-type', JSON_TEXT)
  async list(@Query() query: IncidentListQueryDto) {
    const filter = incidentListFilter(query);
    await this.consistency.await([INCIDENT_DETAIL_KEY], query.consistentWith);
    return viewPageText(await this.store.findAsJson(INCIDENT_DETAIL_KEY, incidentListQuery({ ...filter, ...page(query) })));
  }

  private async notes(id: string, kind: IncidentNoteKind, query: HistoryPageQueryDto) {
    // The detail answers whether the incident exists: an unknown one is a 404, not an empty page.
    await this.consistency.await([INCIDENT_DETAIL_KEY, INCIDENT_NOTES_KEY], query.consistentWith);
    await this.known(id);
    return viewPageText(await this.store.findAsJson(INCIDENT_NOTES_KEY, incidentNotesQuery(id, kind, historyPage(query))));
  }

  private async known(id: string) {
    const incident = await getIncident(this.store, id);
    if (!incident) throw new ProblemException(404, 'incident.not_found', `No incident ${id}`);
    return incident;
  }
}
