import { Controller, Get, Inject, Param, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { findIncidentNotes, getIncident, INCIDENT_DETAIL_KEY, INCIDENT_NOTES_KEY, listIncidents, type IncidentNoteKind } from '@itsm/projections';
import type { ReadStore } from '@itsm/read-store';
import { ApiQueryProblems, ProblemDto, ProblemException, READ_STORE, IncidentIdPipe } from '@itsm/platform';
import { ConditionalGet } from '../conditional-get.interceptor';
import { Consistency } from '../consistency';
import { historyPage, HistoryPageQueryDto, page } from '../page-query.dto';
import { RecordPast } from '../history/record-past';
import { RecordQueryDto } from '../history/record-past.dto';
import { view, viewPage } from '../read-model-view';
import { IncidentDetailDto, incidentListFilter, IncidentListQueryDto, IncidentNotePageDto, IncidentPageDto } from './incident-views.dto';


/**
 * Every role may read incidents, work notes included: the roles (agent, manager, auditor, admin,
 * change-manager, cab-member) are all service staff, and none stands for a caller. Should callers
 * ever get tokens, /work-notes is the endpoint to close to them.
 */
@ApiTags('incidents')
@ApiBearerAuth()
@ApiQueryProblems()
@Controller('incidents')
export class IncidentsController {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    private readonly consistency: Consistency,
    private readonly past: RecordPast,
  ) {}

  @Get(':id')
  @UseInterceptors(ConditionalGet)
  @ApiOperation({ summary: 'One incident as it stands, with who opened and last changed it, and how many notes it has; ETag, If-None-Match (304); ?asOf=<instant> or ?atRevision=<n>: as it stood then, folded from the log, with the revision and position it reflects' })
  @ApiOkResponse({ type: IncidentDetailDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  async get(@Param('id', IncidentIdPipe) id: string, @Query() query: RecordQueryDto) {
    if (this.past.asksForThePast(query)) return this.past.stateAt('incident', id, query);
    await this.consistency.await([INCIDENT_DETAIL_KEY], query.consistentWith);
    return view(await this.known(id));
  }

  @Get(':id/work-notes')
  @ApiOperation({ summary: "An incident's internal work notes (for resolvers), a page at a time, oldest first unless order=desc" })
  @ApiOkResponse({ type: IncidentNotePageDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  workNotes(@Param('id', IncidentIdPipe) id: string, @Query() query: HistoryPageQueryDto) {
    return this.notes(id, 'work_note', query);
  }

  @Get(':id/comments')
  @ApiOperation({ summary: "An incident's customer-visible comments, a page at a time, oldest first unless order=desc" })
  @ApiOkResponse({ type: IncidentNotePageDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  comments(@Param('id', IncidentIdPipe) id: string, @Query() query: HistoryPageQueryDto) {
    return this.notes(id, 'comment', query);
  }

  @Get()
  @ApiOperation({ summary: 'Incidents by status, assignment group, assignee, priority and category (each one value or several); most urgent, then oldest, first' })
  @ApiOkResponse({ type: IncidentPageDto })
  async list(@Query() query: IncidentListQueryDto) {
    const filter = incidentListFilter(query);
    await this.consistency.await([INCIDENT_DETAIL_KEY], query.consistentWith);
    return viewPage(await listIncidents(this.store, { ...filter, ...page(query) }));
  }

  private async notes(id: string, kind: IncidentNoteKind, query: HistoryPageQueryDto) {
    // The detail answers whether the incident exists: an unknown one is a 404, not an empty page.
    await this.consistency.await([INCIDENT_DETAIL_KEY, INCIDENT_NOTES_KEY], query.consistentWith);
    await this.known(id);
    return viewPage(await findIncidentNotes(this.store, id, kind, historyPage(query)));
  }

  private async known(id: string) {
    const incident = await getIncident(this.store, id);
    if (!incident) throw new ProblemException(404, 'incident.not_found', `No incident ${id}`);
    return incident;
  }
}
