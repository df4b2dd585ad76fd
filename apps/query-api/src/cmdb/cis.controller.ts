import { Controller, Get, Inject, Param, ParseUUIDPipe, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { EventStore } from '@itsm/event-store';
import {
  CI_RELATIONSHIP_EDGES_KEY,
  CI_WORK_KEY,
  CONFIGURATION_ITEMS_KEY,
  findCiWork,
  findRelationships,
  findRelationshipSummary,
  getConfigurationItem,
  listConfigurationItems,
} from '@itsm/projections';
import type { ReadStore } from '@itsm/read-store';
import { ApiQueryProblems, EVENT_STORE, invalidField, ProblemDto, READ_STORE } from '@itsm/platform';
import { ConditionalGet } from '../conditional-get.interceptor';
import { Consistency } from '../consistency';
import { ConsistencyQueryDto, DEFAULT_PAGE_SIZE, historyPage, HistoryPageQueryDto } from '../page-query.dto';
import { view, viewPage } from '../read-model-view';
import { readCiHistoryPage } from './ci-history-page';
import { ciNotFound } from './ci-not-found';
import { CiDetailDto, CiHistoryDto, CiListQueryDto, CiPageDto, CiRelationshipPageDto, CiRelationshipsQueryDto } from './cmdb-views.dto';

const uuid = new ParseUUIDPipe({ exceptionFactory: () => invalidField('id', 'must be a UUID') });

@ApiTags('cmdb')
@ApiBearerAuth()
@ApiQueryProblems()
@Controller('cis')
export class CisController {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly consistency: Consistency,
  ) {}

  @Get(':id')
  @UseInterceptors(ConditionalGet)
  @ApiOperation({ summary: 'One CI as it stands, how many relationships it has each way (and the first few), and its open incidents and changes' })
  @ApiOkResponse({ type: CiDetailDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  async get(@Param('id', uuid) id: string, @Query() query: ConsistencyQueryDto) {
    await this.consistency.await([CONFIGURATION_ITEMS_KEY, CI_RELATIONSHIP_EDGES_KEY, CI_WORK_KEY], query.consistentWith);
    const [ci, relationships, work] = await Promise.all([getConfigurationItem(this.store, id), findRelationshipSummary(this.store, id), findCiWork(this.store, id)]);
    if (!ci) throw ciNotFound(id);
    return { ...view(ci), ...relationships, ...work };
  }

  @Get()
  @ApiOperation({ summary: 'CIs by class, status and owner group, by name' })
  @ApiOkResponse({ type: CiPageDto })
  async list(@Query() query: CiListQueryDto) {
    await this.consistency.await([CONFIGURATION_ITEMS_KEY], query.consistentWith);
    const page = await listConfigurationItems(this.store, {
      ...(query.class !== undefined && { ciClass: query.class }),
      ...(query.status !== undefined && { status: query.status }),
      ...(query.group !== undefined && { ownerGroup: query.group }),
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
      cursor: query.cursor ?? null,
    });
    return viewPage(page);
  }

  @Get(':id/relationships')
  @ApiOperation({ summary: "A CI's relationships one way, a page at a time: outgoing (recorded on it) by type then target, incoming by source" })
  @ApiOkResponse({ type: CiRelationshipPageDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  async relationships(@Param('id', uuid) id: string, @Query() query: CiRelationshipsQueryDto) {
    await this.consistency.await([CONFIGURATION_ITEMS_KEY, CI_RELATIONSHIP_EDGES_KEY], query.consistentWith);
    if (!(await getConfigurationItem(this.store, id))) throw ciNotFound(id);
    return findRelationships(this.store, id, query.direction, { limit: query.limit ?? DEFAULT_PAGE_SIZE, cursor: query.cursor ?? null });
  }

  @Get(':id/history')
  @ApiOperation({ summary: "The CI's recorded facts, replayed from the event log (audit), a page at a time, oldest first unless order=desc" })
  @ApiOkResponse({ type: CiHistoryDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  async history(@Param('id', uuid) id: string, @Query() query: HistoryPageQueryDto) {
    // Read from the log itself: nothing to wait for, but a position it has not reached is refused.
    await this.consistency.check(query.consistentWith);
    const page = await readCiHistoryPage(this.events, id, historyPage(query));
    if (page === null) throw ciNotFound(id);
    return { ciId: id, ...page };
  }
}
