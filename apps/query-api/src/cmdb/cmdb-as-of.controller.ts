import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { CI_HISTORY_KEY, cmdbAsOfPage } from '@itsm/projections';
import type { ReadStore } from '@itsm/read-store';
import { invalidField, READ_STORE } from '@itsm/platform';
import { Consistency } from '../consistency';
import { underEitherName } from '../list-filter';
import { page } from '../page-query.dto';
import { CmdbAsOfDto, CmdbAsOfQueryDto } from './cmdb-views.dto';
import { ApiReads } from '../query-docs';

@ApiReads('cmdb')
@Controller('cmdb')
export class CmdbAsOfController {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    private readonly consistency: Consistency,
  ) {}

  @Get('as-of')
  @ApiOperation({ summary: 'The CMDB (CIs and relationships) as it stood at an instant, for auditors, a page of CIs at a time with their relationships', description: 'Folded from every CI fact recorded by the instant at: the CIs by id, a page at a time, each page with the relationships whose first listed end is on it, so that every relationship is served once. ciId narrows to some CIs and the relationships with either end among them (ci is its deprecated name).' })
  @ApiOkResponse({ type: CmdbAsOfDto })
  async asOf(@Query() query: CmdbAsOfQueryDto) {
    // The DTO checks the format; this refuses a well-formed impossible date (e.g. 2026-02-30).
    if (Number.isNaN(Date.parse(query.at))) throw invalidField('at', 'must be an ISO-8601 instant');
    const ciIds = underEitherName({ ciId: query.ciId, ci: query.ci }, 'ciId', 'ci');
    await this.consistency.await([CI_HISTORY_KEY], query.consistentWith);
    return cmdbAsOfPage(this.store, query.at, ciIds === undefined ? {} : { ciIds: ciIds.map((id) => id.trim()) }, page(query));
  }
}
