import { Controller, Get, Header, Inject, Param, ParseUUIDPipe, Query, UseInterceptors } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import {
  BLACKOUT_WINDOWS_KEY,
  CHANGE_CALENDAR_KEY,
  CHANGE_APPROVALS_KEY,
  CHANGE_RECORDS_KEY,
  CHANGE_TEMPLATES,
  approvalTimelineQuery,
  blackoutWindowPageQuery,
  getBlackoutWindow,
  findCabAgenda,
  CI_RELATIONSHIP_EDGES_KEY,
  findCalendar,
  findServiceComponents,
  getChangeRecord,
  pageInMemory,
} from '@itsm/projections';
import type { ReadStore } from '@itsm/read-store';
import { invalidField, ProblemException, READ_STORE, ChangeIdPipe } from '@itsm/platform';
import { ConditionalGet } from '../conditional-get.interceptor';
import { Consistency } from '../consistency';
import { underEitherName } from '../list-filter';
import { historyPage, HistoryPageQueryDto, page, PageQueryDto } from '../page-query.dto';
import { RecordPast } from '../history/record-past';
import { RecordQueryDto } from '../history/record-past.dto';
import { JSON_TEXT, view, viewPage, viewPageText } from '../read-model-view';
import * as dto from './change-views.dto';
import { ApiReads, ApiPartsOf, ApiRecordRead } from '../query-docs';

const uuid = new ParseUUIDPipe({ exceptionFactory: () => invalidField('id', 'must be a UUID') });

@ApiReads('changes')
@Controller()
export class ChangesQueryController {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    private readonly consistency: Consistency,
    private readonly past: RecordPast,
  ) {}

  @Get('changes/:id')
  @UseInterceptors(ConditionalGet)
  @ApiOperation({ summary: 'One change: plans, risk with its inputs, approval rule, current approvers, conflicts, outcome and reviews; ETag, If-None-Match (304); ?asOf=<instant> or ?atRevision=<n>: as it stood then, folded from the log, with the revision and position it reflects', description: 'The change record: plans, window, risk with its inputs, the approval rule and current approvers, conflicts recorded by it and by others, outcome and reviews. ETag and If-None-Match (304). With asOf or atRevision, as it stood then, folded from the log.' })
  @ApiOkResponse({ type: dto.ChangeRecordDto })
  @ApiRecordRead('change')
  async change(@Param('id', ChangeIdPipe) id: string, @Query() query: RecordQueryDto) {
    if (this.past.asksForThePast(query)) return this.past.stateAt('change', id, query);
    await this.consistency.await([CHANGE_RECORDS_KEY], query.consistentWith);
    return view(await this.known(id));
  }

  @Get('changes/:id/approvals')
  @ApiOperation({ summary: "A change's approvals timeline (approvals, rejections, invalidations, authorizations), a page at a time, oldest first unless order=desc", description: 'Every approval, rejection, invalidation and authorization of the change, each with the content it was about. A page at a time, oldest first, or newest first with order=desc.' })
  @ApiOkResponse({ type: dto.ApprovalLinePageDto })
  @ApiPartsOf('change')
  @Header('content-type', JSON_TEXT)
  async approvals(@Param('id', ChangeIdPipe) id: string, @Query() query: HistoryPageQueryDto) {
    // The record answers whether the change exists: an unknown one is a 404, not an empty page.
    await this.consistency.await([CHANGE_RECORDS_KEY, CHANGE_APPROVALS_KEY], query.consistentWith);
    await this.known(id);
    return viewPageText(await this.store.findAsJson(CHANGE_APPROVALS_KEY, approvalTimelineQuery(id, historyPage(query))));
  }

  @Get('changes')
  @ApiOperation({ summary: 'The change calendar: changes whose window overlaps [from, to), by window start; by CI, service and state', description: 'Changes whose window (the scheduled one, else the requested one) overlaps [from, to), by window start; narrowed by ciIds (changes touching any of them), a service (any CI it is built on, through the CMDB) and state, each list filter one value or several (ci is the deprecated name of ciIds). A page at a time.' })
  @ApiOkResponse({ type: dto.CalendarPageDto })
  async calendar(@Query() query: dto.CalendarQueryDto) {
    if (Date.parse(query.to) <= Date.parse(query.from)) throw invalidField('to', 'must be after from');
    const { from, to, service, state } = query;
    const ciIds = underEitherName({ ciIds: query.ciIds, ci: query.ci }, 'ciIds', 'ci');
    await this.consistency.await(service === undefined ? [CHANGE_CALENDAR_KEY] : [CHANGE_CALENDAR_KEY, CI_RELATIONSHIP_EDGES_KEY], query.consistentWith);
    const serviceCiIds = service === undefined ? undefined : await findServiceComponents(this.store, service);
    const filter = {
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      ...(ciIds === undefined ? {} : { ciIds }),
      ...(serviceCiIds === undefined ? {} : { serviceCiIds }),
      ...(state === undefined ? {} : { state }),
    };
    return viewPage(await findCalendar(this.store, { ...filter, ...page(query) }));
  }

  @Get('cab/agenda')
  @ApiOperation({ summary: 'Changes awaiting authorization, longest waiting first, with risk, rule, approvals so far and conflicts', description: 'The CAB agenda: the changes awaiting authorization, longest waiting first, each with its risk, approval rule, approvals so far and conflicts. A page at a time.' })
  @ApiOkResponse({ type: dto.ChangeRecordPageDto })
  async cabAgenda(@Query() query: PageQueryDto) {
    await this.consistency.await([CHANGE_RECORDS_KEY], query.consistentWith);
    return viewPage(await findCabAgenda(this.store, page(query)));
  }

  @Get('blackout-windows')
  @ApiOperation({ summary: 'Active blackout windows overlapping [from, to), by start, a page at a time', description: 'The active (not withdrawn) blackout windows whose window overlaps [from, to), by start. A page at a time.' })
  @ApiOkResponse({ type: dto.BlackoutWindowPageDto })
  @Header('content-type', JSON_TEXT)
  async blackoutWindows(@Query() query: dto.RangeQueryDto) {
    if (Date.parse(query.to) <= Date.parse(query.from)) throw invalidField('to', 'must be after from');
    await this.consistency.await([BLACKOUT_WINDOWS_KEY], query.consistentWith);
    const range = { from: new Date(query.from).toISOString(), to: new Date(query.to).toISOString() };
    return viewPageText(await this.store.findAsJson(BLACKOUT_WINDOWS_KEY, blackoutWindowPageQuery(range, page(query))));
  }

  @Get('blackout-windows/:id')
  @UseInterceptors(ConditionalGet)
  @ApiOperation({ summary: 'One blackout window, withdrawn or not; ETag, If-None-Match (304); ?asOf=<instant> or ?atRevision=<n>: as it stood then, folded from the log, with the revision and position it reflects', description: 'The blackout window as it stands, withdrawn or not. ETag and If-None-Match (304). With asOf or atRevision, as it stood then, folded from the log.' })
  @ApiOkResponse({ type: dto.BlackoutWindowViewDto })
  @ApiRecordRead('blackout-window')
  async blackoutWindow(@Param('id', uuid) id: string, @Query() query: RecordQueryDto) {
    if (this.past.asksForThePast(query)) return this.past.stateAt('blackout-window', id, query);
    await this.consistency.await([BLACKOUT_WINDOWS_KEY], query.consistentWith);
    const found = await getBlackoutWindow(this.store, id);
    if (found === null) throw new ProblemException(404, 'blackout_window.not_found', `No blackout window ${id}`);
    return view(found);
  }

  @Get('change-templates')
  @ApiOperation({ summary: 'The pre-approved standard change templates, a page at a time', description: 'The catalogue of standard change templates a standard change is raised from, with their plans. Fixed with the release; a page at a time like every list.' })
  @ApiOkResponse({ type: dto.ChangeTemplatePageDto })
  async templates(@Query() query: PageQueryDto) {
    // Fixed data: nothing to wait for, but a position the log has not reached is refused like anywhere else.
    await this.consistency.check(query.consistentWith);
    return pageInMemory(CHANGE_TEMPLATES, page(query));
  }

  private async known(id: string) {
    const record = await getChangeRecord(this.store, id);
    if (record === null) throw new ProblemException(404, 'change.not_found', `No change ${id}`);
    return record;
  }
}
