import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { findAssigneeQueue, findGroupQueue, findUnassignedQueue, WORK_QUEUES_KEY } from '@itsm/projections';
import type { ReadStore } from '@itsm/read-store';
import { ApiQueryProblems, READ_STORE } from '@itsm/platform';
import { Consistency } from '../consistency';
import { DEFAULT_PAGE_SIZE, PageQueryDto } from '../page-query.dto';
import { viewPage } from '../read-model-view';
import { QueuePageDto, UnassignedQueueQueryDto } from './queue-views.dto';

const page = (query: PageQueryDto) => ({ limit: query.limit ?? DEFAULT_PAGE_SIZE, cursor: query.cursor ?? null });

@ApiTags('queues')
@ApiBearerAuth()
@ApiQueryProblems()
@Controller('queues')
export class QueuesController {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    private readonly consistency: Consistency,
  ) {}

  // Declared before ':group' so that "unassigned" is not read as a group name.
  @Get('unassigned')
  @ApiOperation({ summary: 'Open incidents with no assignee (optionally of one group)' })
  @ApiOkResponse({ type: QueuePageDto })
  async unassigned(@Query() query: UnassignedQueueQueryDto) {
    await this.consistency.await([WORK_QUEUES_KEY], query.consistentWith);
    return viewPage(await findUnassignedQueue(this.store, query.group === undefined ? {} : { group: query.group }, page(query)));
  }

  @Get('assignee/:assignee')
  @ApiOperation({ summary: "One person's open incidents" })
  @ApiOkResponse({ type: QueuePageDto })
  async assignee(@Param('assignee') assignee: string, @Query() query: PageQueryDto) {
    await this.consistency.await([WORK_QUEUES_KEY], query.consistentWith);
    return viewPage(await findAssigneeQueue(this.store, assignee, page(query)));
  }

  @Get(':group')
  @ApiOperation({ summary: "An assignment group's open incidents" })
  @ApiOkResponse({ type: QueuePageDto })
  async group(@Param('group') group: string, @Query() query: PageQueryDto) {
    await this.consistency.await([WORK_QUEUES_KEY], query.consistentWith);
    return viewPage(await findGroupQueue(this.store, group, page(query)));
  }
}
