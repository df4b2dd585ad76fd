import { Controller, Get, Inject, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { DomainError } from '@itsm/domain';
import { CI_RELATIONSHIP_EDGES_KEY, CONFIGURATION_ITEMS_KEY, findImpactPage, getConfigurationItem } from '@itsm/projections';
import type { ReadStore } from '@itsm/read-store';
import { invalidField, ProblemException, READ_STORE } from '@itsm/platform';
import { Consistency } from '../consistency';
import { DEFAULT_PAGE_SIZE } from '../page-query.dto';
import { CiImpactDto, CiImpactQueryDto } from './ci-impact.dto';
import { ciNotFound } from './ci-not-found';
import { ApiReads, ApiReadProblems } from '../query-docs';
import { SAMPLE } from '../examples';

const uuid = new ParseUUIDPipe({ exceptionFactory: () => invalidField('id', 'must be a UUID') });

@ApiReads('cmdb')
@Controller('cis')
export class CiImpactController {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    private readonly consistency: Consistency,
  ) {}

  @Get(':id/impact')
  @ApiOperation({
    summary: 'What a failure of this CI affects: a page of the CIs it reaches (nearest first, each with the hop that reached it), and every service among them',
    description:
      'Walks the relationships that make one CI depend on another, from the failed CI outwards: a page of the CIs reached, nearest first, each with the hop that reached it, the total, and every service among them on every page; with pathTo, the whole path to one CI. 422 ci.impact_too_large when the failure reaches more CIs than one analysis may walk.',
  })
  @ApiOkResponse({ type: CiImpactDto })
  @ApiReadProblems(ciNotFound(SAMPLE.ciId), tooLarge(new DomainError('ci.impact_too_large', 'A failure of this CI reaches more CIs than one impact analysis may walk', 'not_allowed', { maxCis: 10_000 })))
  async impact(@Param('id', uuid) id: string, @Query() query: CiImpactQueryDto) {
    await this.consistency.await([CONFIGURATION_ITEMS_KEY, CI_RELATIONSHIP_EDGES_KEY], query.consistentWith);
    if (!(await getConfigurationItem(this.store, id))) throw ciNotFound(id);
    const page = { limit: query.limit ?? DEFAULT_PAGE_SIZE, cursor: query.cursor ?? null, ...(query.pathTo !== undefined && { pathTo: query.pathTo }) };
    return findImpactPage(this.store, id, page).catch(asFieldProblem);
  }
}

/** The walk's cap as the request's problem: the CI asked about is the field, the cap the reason. */
function asFieldProblem(error: unknown): never {
  if (error instanceof DomainError && error.code === 'ci.impact_too_large') throw tooLarge(error);
  throw error;
}

function tooLarge(error: DomainError): ProblemException {
  return new ProblemException(422, error.code, error.message, [{ field: 'id', reason: `a failure of this CI reaches more than ${error.details['maxCis']} CIs, the most one impact analysis may walk` }]);
}
