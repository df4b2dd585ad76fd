import { Controller, Get, Inject, Param, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  findKnownErrors,
  findProblemCandidates,
  findProblems,
  getChangeRecord,
  getProblemRecord,
  INCIDENT_DETAIL_KEY,
  PROBLEM_RECORDS_KEY,
  type IncidentDetailDocument,
  type ProblemRecordDocument,
} from '@itsm/projections';
import type { ReadStore } from '@itsm/read-store';
import { ApiQueryProblems, CLOCK, IncidentIdPipe, invalidField, ProblemDto, ProblemException, ProblemIdPipe, READ_STORE, type Clock } from '@itsm/platform';
import { ConditionalGet } from '../conditional-get.interceptor';
import { Consistency } from '../consistency';
import { ConsistencyQueryDto, DEFAULT_PAGE_SIZE, type PageQueryDto } from '../page-query.dto';
import { RecordPast } from '../history/record-past';
import { RecordQueryDto } from '../history/record-past.dto';
import { view, viewPage } from '../read-model-view';
import * as dto from './problem-views.dto';

const page = (query: PageQueryDto) => ({ limit: query.limit ?? DEFAULT_PAGE_SIZE, cursor: query.cursor ?? null });

/** Problem management's views: a problem with its incidents and fix change, the queues, and the known errors. */
@ApiTags('problems')
@ApiBearerAuth()
@ApiQueryProblems()
@Controller()
export class ProblemsQueryController {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    private readonly consistency: Consistency,
    private readonly past: RecordPast,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('problem-candidates')
  @ApiOperation({ summary: 'Trend detection: clusters of incidents opened in a sliding window with a CI, or a category and symptom, in common, that no problem links yet, at least `threshold` of them: candidates for problem management, largest first' })
  @ApiOkResponse({ type: dto.ProblemCandidatesDto })
  async candidates(@Query() query: dto.ProblemCandidatesQueryDto) {
    const now = this.clock().toISOString();
    const to = query.to === undefined ? now : new Date(query.to).toISOString();
    if (to > now) throw invalidField('to', 'must not be in the future');
    await this.consistency.await([INCIDENT_DETAIL_KEY, PROBLEM_RECORDS_KEY], query.consistentWith);
    const windowMs = (query.windowDays ?? 7) * 86_400_000;
    const threshold = query.threshold ?? 3;
    return { from: new Date(Date.parse(to) - windowMs).toISOString(), to, threshold, items: await findProblemCandidates(this.store, { to, windowMs, threshold }) };
  }

  @Get('problems')
  @ApiOperation({ summary: 'Problem queues: the problems of a group (or all), live ones unless statuses are named, the most urgent first, then the oldest' })
  @ApiOkResponse({ type: dto.ProblemPageDto })
  async problems(@Query() query: dto.ProblemQueueQueryDto) {
    await this.consistency.await([PROBLEM_RECORDS_KEY], query.consistentWith);
    const filter = { ...(query.assignmentGroup === undefined ? {} : { assignmentGroup: query.assignmentGroup }), ...(query.status === undefined ? {} : { statuses: query.status }) };
    return viewPage(await findProblems(this.store, filter, page(query)));
  }

  @Get('problems/:id')
  @UseInterceptors(ConditionalGet)
  @ApiOperation({ summary: 'One problem with its linked incidents and fix change; ETag, If-None-Match (304); ?asOf=<instant> or ?atRevision=<n>: the problem as it stood then, folded from the log' })
  @ApiOkResponse({ type: dto.ProblemDetailDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  async problem(@Param('id', ProblemIdPipe) id: string, @Query() query: RecordQueryDto) {
    if (this.past.asksForThePast(query)) return this.past.stateAt('problem', id, query);
    await this.consistency.await([PROBLEM_RECORDS_KEY], query.consistentWith);
    const record = await getProblemRecord(this.store, id);
    if (record === null) throw new ProblemException(404, 'problem.not_found', `No problem ${id}`);
    return { ...view(record), ...(await this.linked(record)) };
  }

  @Get('known-errors')
  @ApiOperation({ summary: 'Known errors, found by CI, category and symptom: the root cause and workaround of each, newest first' })
  @ApiOkResponse({ type: dto.KnownErrorPageDto })
  async knownErrors(@Query() query: dto.KnownErrorQueryDto) {
    await this.consistency.await([PROBLEM_RECORDS_KEY], query.consistentWith);
    const { configurationItemId, category, symptom } = query;
    const search = { ...(configurationItemId === undefined ? {} : { configurationItemId }), ...(category === undefined ? {} : { category }), ...(symptom === undefined ? {} : { symptom }) };
    return viewPage(await findKnownErrors(this.store, search, page(query)));
  }

  @Get('incidents/:id/known-errors')
  @ApiOperation({ summary: "The known errors of the incident's CI: what the service desk should try first" })
  @ApiOkResponse({ type: dto.KnownErrorPageDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  async incidentKnownErrors(@Param('id', IncidentIdPipe) id: string, @Query() query: ConsistencyQueryDto) {
    await this.consistency.await([INCIDENT_DETAIL_KEY, PROBLEM_RECORDS_KEY], query.consistentWith);
    const incident = await this.store.get<IncidentDetailDocument>(INCIDENT_DETAIL_KEY, id);
    if (incident === null) throw new ProblemException(404, 'incident.not_found', `No incident ${id}`);
    if (incident.configurationItemId === null) return { items: [], nextCursor: null };
    return viewPage(await findKnownErrors(this.store, { configurationItemId: incident.configurationItemId }, { limit: 50, cursor: null }));
  }

  /** Its incidents and fix change as their read models show them now (a line with nulls for one not yet projected). */
  private async linked(record: ProblemRecordDocument) {
    const incidents = await this.store.getMany<IncidentDetailDocument>(INCIDENT_DETAIL_KEY, record.incidentIds);
    const fix = record.fixChangeId === null ? null : await getChangeRecord(this.store, record.fixChangeId);
    return {
      incidents: record.incidentIds.map((incidentId) => {
        const found = incidents.get(incidentId);
        return { id: incidentId, number: found?.number ?? null, title: found?.title ?? null, status: found?.status ?? null };
      }),
      fixChange: record.fixChangeId === null ? null : { id: record.fixChangeId, number: fix?.number ?? null, title: fix?.title ?? null, status: fix?.status ?? null },
    };
  }
}
