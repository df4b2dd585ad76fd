import { Controller, Get, Inject, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { configurationItemStream } from '@itsm/domain';
import type { EventStore } from '@itsm/event-store';
import {
  analyseImpact,
  CI_RELATIONSHIP_EDGES_KEY,
  CI_WORK_KEY,
  CONFIGURATION_ITEMS_KEY,
  findCiWork,
  getConfigurationItem,
  listConfigurationItems,
} from '@itsm/projections';
import type { ReadStore } from '@itsm/read-store';
import { ApiQueryProblems, EVENT_STORE, invalidField, ProblemDto, ProblemException, READ_STORE, READER_ROLES, RequireRoles } from '@itsm/platform';
import { Consistency } from '../consistency';
import { ConsistencyQueryDto, DEFAULT_PAGE_SIZE } from '../page-query.dto';
import { view, viewPage } from '../read-model-view';
import { CiDetailDto, CiHistoryDto, CiImpactDto, CiListQueryDto, CiPageDto } from './cmdb-views.dto';

const uuid = new ParseUUIDPipe({ exceptionFactory: () => invalidField('id', 'must be a UUID') });

@ApiTags('cmdb')
@ApiBearerAuth()
@ApiQueryProblems()
@RequireRoles(...READER_ROLES)
@Controller('cis')
export class CisController {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly consistency: Consistency,
  ) {}

  @Get(':id')
  @ApiOperation({ summary: 'One CI as it stands, its relationships both ways, and its open incidents and changes' })
  @ApiOkResponse({ type: CiDetailDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  async get(@Param('id', uuid) id: string, @Query() query: ConsistencyQueryDto) {
    await this.consistency.await([CONFIGURATION_ITEMS_KEY, CI_WORK_KEY], query.consistentWith);
    const [ci, work] = await Promise.all([getConfigurationItem(this.store, id), findCiWork(this.store, id)]);
    if (!ci) throw notFound(id);
    return { ...view(ci), ...work };
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

  @Get(':id/impact')
  @ApiOperation({ summary: 'What a failure of this CI affects: CIs with depth and path, and the services among them' })
  @ApiOkResponse({ type: CiImpactDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  async impact(@Param('id', uuid) id: string, @Query() query: ConsistencyQueryDto) {
    await this.consistency.await([CONFIGURATION_ITEMS_KEY, CI_RELATIONSHIP_EDGES_KEY], query.consistentWith);
    if (!(await getConfigurationItem(this.store, id))) throw notFound(id);
    return analyseImpact(this.store, id);
  }

  @Get(':id/history')
  @ApiOperation({ summary: "The CI's recorded facts, replayed from the event log (audit)" })
  @ApiOkResponse({ type: CiHistoryDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  async history(@Param('id', uuid) id: string) {
    // Read from the log itself, not a projection: nothing to wait for, and nothing to trust but the log.
    const recorded = await this.events.readStream(configurationItemStream(id));
    if (recorded.length === 0) throw notFound(id);
    const events = recorded.map(({ type, data, metadata, revision, position }) => ({ type, data, actor: metadata.actor, occurredAt: metadata.occurredAt, revision, position }));
    return { ciId: id, events };
  }
}

function notFound(id: string): ProblemException {
  return new ProblemException(404, 'ci.not_found', `No configuration item ${id}`);
}
