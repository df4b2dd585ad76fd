import { Controller, Get, Header, Inject, Param, ParseUUIDPipe, Query, UseInterceptors } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import {
  CI_RELATIONSHIP_EDGES_KEY,
  CI_WORK_KEY,
  CONFIGURATION_ITEMS_KEY,
  findCiWork,
  findRelationships,
  findRelationshipSummary,
  getConfigurationItem,
  configurationItemListQuery,
} from '@itsm/projections';
import type { ReadStore } from '@itsm/read-store';
import { invalidField, READ_STORE } from '@itsm/platform';
import { ConditionalGet } from '../conditional-get.interceptor';
import { Consistency } from '../consistency';
import { page } from '../page-query.dto';
import { RecordPast } from '../history/record-past';
import { RecordQueryDto } from '../history/record-past.dto';
import { JSON_TEXT, view, viewPageText } from '../read-model-view';
import { ciNotFound } from './ci-not-found';
import { CiDetailDto, ciListFilter, CiListQueryDto, CiPageDto, CiRelationshipPageDto, CiRelationshipsQueryDto } from './cmdb-views.dto';
import { ApiReads, ApiPartsOf, ApiRecordRead } from '../query-docs';

const uuid = new ParseUUIDPipe({ exceptionFactory: () => invalidField('id', 'must be a UUID') });

@ApiReads('cmdb')
@Controller('cis')
export class CisController {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    private readonly consistency: Consistency,
    private readonly past: RecordPast,
  ) {}

  @Get(':id')
  @UseInterceptors(ConditionalGet)
  @ApiOperation({ summary: 'One CI as it stands, how many relationships it has each way (and the first few), and its open incidents and changes; ?asOf=<instant> or ?atRevision=<n>: as it stood then, folded from the log, with the revision and position it reflects (the CI record alone; its relationships then: /cmdb/as-of)', description: 'The CI record with how many relationships it has each way and the first 20 each way, and its open incidents and changes. ETag and If-None-Match (304). With asOf or atRevision, the CI record alone as it stood then, folded from the log (its relationships then: /cmdb/as-of).' })
  @ApiOkResponse({ type: CiDetailDto })
  @ApiRecordRead('ci')
  async get(@Param('id', uuid) id: string, @Query() query: RecordQueryDto) {
    // Then, the CI record alone: its relationships as they stood are /cmdb/as-of's.
    if (this.past.asksForThePast(query)) return this.past.stateAt('ci', id, query);
    await this.consistency.await([CONFIGURATION_ITEMS_KEY, CI_RELATIONSHIP_EDGES_KEY, CI_WORK_KEY], query.consistentWith);
    const [ci, relationships, work] = await Promise.all([getConfigurationItem(this.store, id), findRelationshipSummary(this.store, id), findCiWork(this.store, id)]);
    if (!ci) throw ciNotFound(id);
    return { ...view(ci), ...relationships, ...work };
  }

  @Get()
  @ApiOperation({ summary: 'CIs by class, status and owner group (each one value or several), by name', description: 'Filters are named after the CI fields (ciClass, status, ownerGroup) and take one value or several, all holding (class and group are their deprecated names). By name, a page at a time.' })
  @ApiOkResponse({ type: CiPageDto })
  @Header('content-type', JSON_TEXT)
  async list(@Query() query: CiListQueryDto) {
    const filter = ciListFilter(query);
    await this.consistency.await([CONFIGURATION_ITEMS_KEY], query.consistentWith);
    return viewPageText(await this.store.findAsJson(CONFIGURATION_ITEMS_KEY, configurationItemListQuery({ ...filter, ...page(query) })));
  }

  @Get(':id/relationships')
  @ApiOperation({ summary: "A CI's relationships one way, a page at a time: outgoing (recorded on it) by type then target, incoming by source", description: 'direction=outgoing: the relationships recorded on this CI, by type then target; incoming: those other CIs recorded to it, by source. A page at a time.' })
  @ApiOkResponse({ type: CiRelationshipPageDto })
  @ApiPartsOf('ci')
  async relationships(@Param('id', uuid) id: string, @Query() query: CiRelationshipsQueryDto) {
    await this.consistency.await([CONFIGURATION_ITEMS_KEY, CI_RELATIONSHIP_EDGES_KEY], query.consistentWith);
    if (!(await getConfigurationItem(this.store, id))) throw ciNotFound(id);
    return findRelationships(this.store, id, query.direction, page(query));
  }

}
