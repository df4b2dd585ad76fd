import { Controller, Get, Inject, Param, Query, UseInterceptors } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import {
  findKnownErrors,
  findProblemCandidates,
  findProblems,
  getProblemRecord,
  INCIDENT_DETAIL_KEY,
  pageInMemory,
  questionOfCursor,
  problemDetail,
  problemRecordView,
  PROBLEM_RECORDS_KEY,
  reviewsRecordedBy,
  type IncidentDetailDocument,
  type ProblemRecord,
  type ProblemRecordDocument,
} from '@itsm/projections';
import { InvalidCursorError, type Page, type ReadStore } from '@itsm/read-store';
import { CLOCK, IncidentIdPipe, invalidField, ProblemException, ProblemIdPipe, READ_STORE, type Clock } from '@itsm/platform';
import { ConditionalGet } from '../conditional-get.interceptor';
import { Consistency } from '../consistency';
import { page, PageQueryDto } from '../page-query.dto';
import { RecordPast } from '../history/record-past';
import { RecordQueryDto } from '../history/record-past.dto';
import * as dto from './problem-views.dto';
import { ApiReads, ApiPartsOf, ApiRecordRead } from '../query-docs';

/** Queues and known errors show records as the detail does: without the store's search keys. */
const recordPage = (found: Page<ProblemRecordDocument>) => ({ items: found.items.map(problemRecordView), nextCursor: found.nextCursor });

/** The window's end a cursor was made for: the next pages answer the first page's question. */
function pinnedTo(cursor: string): string {
  const question = questionOfCursor(cursor) as { to?: unknown } | null;
  if (typeof question?.to !== 'string') throw new InvalidCursorError();
  return question.to;
}

/** Problem management's views: a problem with its incidents, fix change and reviews naming it, the queues, and the known errors. */
@ApiReads('problems')
@Controller()
export class ProblemsQueryController {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    private readonly consistency: Consistency,
    private readonly past: RecordPast,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('problem-candidates')
  @ApiOperation({ summary: 'Trend detection: clusters of incidents opened in a sliding window with a CI, or a category and symptom, in common, that no problem links yet, at least `threshold` of them: candidates for problem management, largest first, a page at a time (the cursor keeps the first page\'s `to`)', description: 'Clusters of incidents opened in the windowDays before to (default now) that share a CI, or a category and symptom (case and outer spaces aside), that no live problem links yet, with at least threshold incidents: candidates for problem management, largest first. A page at a time; the cursor keeps the first page\'s to.' })
  @ApiOkResponse({ type: dto.ProblemCandidatesDto })
  async candidates(@Query() query: dto.ProblemCandidatesQueryDto) {
    const now = this.clock().toISOString();
    const to = query.to === undefined ? (query.cursor === undefined ? now : pinnedTo(query.cursor)) : new Date(query.to).toISOString();
    if (to > now) throw invalidField('to', 'must not be in the future');
    await this.consistency.await([INCIDENT_DETAIL_KEY, PROBLEM_RECORDS_KEY], query.consistentWith);
    const windowMs = (query.windowDays ?? 7) * 86_400_000;
    const threshold = query.threshold ?? 3;
    const candidates = pageInMemory(await findProblemCandidates(this.store, { to, windowMs, threshold }), page(query), { to, windowMs, threshold });
    return { from: new Date(Date.parse(to) - windowMs).toISOString(), to, threshold, ...candidates };
  }

  @Get('problems')
  @ApiOperation({ summary: 'Problem queues: the problems of a group (or all), live ones unless statuses are named, the most urgent first, then the oldest', description: 'The problems of some groups (assignmentGroup) or all, the live ones unless status names some, the most urgent first, then the oldest; each filter one value or several. A page at a time.' })
  @ApiOkResponse({ type: dto.ProblemPageDto })
  async problems(@Query() query: dto.ProblemQueueQueryDto) {
    await this.consistency.await([PROBLEM_RECORDS_KEY], query.consistentWith);
    const filter = { ...(query.assignmentGroup === undefined ? {} : { assignmentGroup: query.assignmentGroup }), ...(query.status === undefined ? {} : { statuses: query.status }) };
    return recordPage(await findProblems(this.store, filter, page(query)));
  }

  @Get('problems/:id')
  @UseInterceptors(ConditionalGet)
  @ApiOperation({
    summary:
      'One problem with its linked incidents, fix change and the major incidents whose review names it; ETag, If-None-Match (304); ?asOf=<instant> or ?atRevision=<n>: the problem as it stood then, folded from the log, in the same shape, with the point it reflects', description: 'The problem record with its linked incidents and fix change as their read models show them now, and the major incidents whose review names it. ETag and If-None-Match (304). With asOf or atRevision, the problem as it stood then, in the same shape, with the point it reflects.' })
  @ApiOkResponse({ type: dto.ProblemDetailDto })
  @ApiRecordRead('problem')
  async problem(@Param('id', ProblemIdPipe) id: string, @Query() query: RecordQueryDto) {
    if (this.past.asksForThePast(query)) return this.problemThen(id, query);
    await this.consistency.await([PROBLEM_RECORDS_KEY], query.consistentWith);
    const record = await getProblemRecord(this.store, id);
    if (record === null) throw new ProblemException(404, 'problem.not_found', `No problem ${id}`);
    return problemDetail(this.store, record);
  }

  @Get('known-errors')
  @ApiOperation({ summary: 'Known errors, found by CI, category and symptom: the root cause and workaround of each, newest first', description: 'Problems published as known errors (not cancelled), found by CI, by category and by symptom, each matched whole, case and outer spaces aside; the root cause and workaround of each, newest first. A page at a time.' })
  @ApiOkResponse({ type: dto.KnownErrorPageDto })
  async knownErrors(@Query() query: dto.KnownErrorQueryDto) {
    await this.consistency.await([PROBLEM_RECORDS_KEY], query.consistentWith);
    const { configurationItemId, category, symptom } = query;
    const search = { ...(configurationItemId === undefined ? {} : { configurationItemId }), ...(category === undefined ? {} : { category }), ...(symptom === undefined ? {} : { symptom }) };
    return recordPage(await findKnownErrors(this.store, search, page(query)));
  }

  @Get('incidents/:id/known-errors')
  @ApiOperation({ summary: "The known errors of the incident's CI, newest first, a page at a time: what the service desk should try first", description: 'The known errors published for the CI the incident names, newest first: what the service desk should try first. None when the incident names no CI. A page at a time.' })
  @ApiOkResponse({ type: dto.KnownErrorPageDto })
  @ApiPartsOf('incident')
  async incidentKnownErrors(@Param('id', IncidentIdPipe) id: string, @Query() query: PageQueryDto) {
    await this.consistency.await([INCIDENT_DETAIL_KEY, PROBLEM_RECORDS_KEY], query.consistentWith);
    const incident = await this.store.get<IncidentDetailDocument>(INCIDENT_DETAIL_KEY, id);
    if (incident === null) throw new ProblemException(404, 'incident.not_found', `No incident ${id}`);
    if (incident.configurationItemId === null) return { items: [], nextCursor: null };
    return recordPage(await findKnownErrors(this.store, { configurationItemId: incident.configurationItemId }, page(query)));
  }

  /**
   * The problem as it stood at a past point, in the shape of its detail now: its state folded from the
   * log by the read model's own evolve, joined as the detail is. The reviews naming it are incident
   * facts its fold cannot see, so they are those of its record now recorded by then.
   */
  private async problemThen(id: string, query: RecordQueryDto) {
    const { reflects, ...state } = await this.past.stateAt('problem', id, query);
    await this.consistency.await([PROBLEM_RECORDS_KEY], query.consistentWith);
    const reviews = (await getProblemRecord(this.store, id))?.majorIncidentReviews ?? [];
    const point = query.asOf === undefined ? { position: reflects.position } : { asOf: query.asOf };
    return { ...(await problemDetail(this.store, state as unknown as ProblemRecord, reviewsRecordedBy(reviews, point))), reflects };
  }
}
