import { Controller, Get, Inject, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { DomainError } from '@itsm/domain';
import { CI_RELATIONSHIP_EDGES_KEY, CONFIGURATION_ITEMS_KEY, findImpactPage, getConfigurationItem } from '@itsm/projections';
import type { ReadStore } from '@itsm/read-store';
import { ApiQueryProblems, invalidField, ProblemDto, ProblemException, READ_STORE } from '@itsm/platform';
import { Consistency } from '../consistency';
import { DEFAULT_PAGE_SIZE } from '../page-query.dto';
import { CiImpactDto, CiImpactQueryDto } from './ci-impact.dto';
import { ciNotFound } from './ci-not-found';

const uuid = new ParseUUIDPipe({ exceptionFactory: () => invalidField('id', 'must be a UUID') });

@ApiTags('cmdb')
@ApiBearerAuth()
@ApiQueryProblems()
@Controller('cis')
export class CiImpactController {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    private readonly consistency: Consistency,
  ) {}

  @Get(':id/impact')
  @ApiOperation({
    summary: 'What a failure of this CI affects: a page of the CIs it reaches (nearest first, each with the hop that reached it), and every service among them',
    description: '422 ci.impact_too_large when the failure reaches more CIs than one analysis may walk.',
  })
  @ApiOkResponse({ type: CiImpactDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  @ApiUnprocessableEntityResponse({ type: ProblemDto })
  async impact(@Param('id', uuid) id: string, @Query() query: CiImpactQueryDto) {
    await this.consistency.await([CONFIGURATION_ITEMS_KEY, CI_RELATIONSHIP_EDGES_KEY], query.consistentWith);
    if (!(await getConfigurationItem(this.store, id))) throw ciNotFound(id);
    const page = { limit: query.limit ?? DEFAULT_PAGE_SIZE, cursor: query.cursor ?? null, ...(query.pathTo !== undefined && { pathTo: query.pathTo }) };
    return findImpactPage(this.store, id, page).catch(asFieldProblem);
  }
}

/** The walk's cap as the request's problem: the CI asked about is the field, the cap the reason. */
function asFieldProblem(error: unknown): never {
  if (error instanceof DomainError && error.code === 'ci.impact_too_large') {
    const maxCis = error.details['maxCis'];
    throw new ProblemException(422, error.code, error.message, [{ field: 'id', reason: `a failure of this CI reaches more than ${maxCis} CIs, the most one impact analysis may walk` }]);
  }
  throw error;
}
