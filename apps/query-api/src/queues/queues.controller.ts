import { Controller, Get, Header, Inject, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { assigneeQueueQuery, groupQueueQuery, unassignedQueueQuery, WORK_QUEUES_KEY } from '@itsm/projections';
import type { ReadStore } from '@itsm/read-store';
import { READ_STORE } from '@itsm/platform';
import { Consistency } from '../consistency';
import { underEitherName } from '../list-filter';
import { page } from '../page-query.dto';
import { JSON_TEXT, viewPageText } from '../read-model-view';
import { QueuePageDto, QueueQueryDto, UnassignedQueueQueryDto } from './queue-views.dto';
import { ApiReads } from '../query-docs';

const narrowed = ({ status, priority }: QueueQueryDto) => ({ status, priority });

@ApiReads('queues')
@Controller('queues')
export class QueuesController {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    private readonly consistency: Consistency,
  ) {}

  // Declared before ':group' so that "unassigned" is not read as a group name.
  @Get('unassigned')
  @ApiOperation({ summary: 'Open incidents with no assignee, of every group or of some; by status and priority too', description: 'Active incidents (new, in progress or on hold) nobody is assigned to, most urgent then oldest first; narrowed by assignmentGroup, status and priority, each one value or several (group is the deprecated name of assignmentGroup). A page at a time.' })
  @ApiOkResponse({ type: QueuePageDto })
  @Header('content-type', JSON_TEXT)
  async unassigned(@Query() query: UnassignedQueueQueryDto) {
    const assignmentGroup = underEitherName({ assignmentGroup: query.assignmentGroup, group: query.group }, 'assignmentGroup', 'group');
    await this.consistency.await([WORK_QUEUES_KEY], query.consistentWith);
    return viewPageText(await this.store.findAsJson(WORK_QUEUES_KEY, unassignedQueueQuery({ assignmentGroup, ...narrowed(query) }, page(query))));
  }

  @Get('assignee/:assignee')
  @ApiOperation({ summary: "One person's open incidents; by status and priority too", description: 'The active incidents assigned to this person (the token subject), most urgent then oldest first; narrowed by status and priority, each one value or several. A page at a time.' })
  @ApiOkResponse({ type: QueuePageDto })
  @Header('content-type', JSON_TEXT)
  async assignee(@Param('assignee') assignee: string, @Query() query: QueueQueryDto) {
    await this.consistency.await([WORK_QUEUES_KEY], query.consistentWith);
    return viewPageText(await this.store.findAsJson(WORK_QUEUES_KEY, assigneeQueueQuery(assignee, page(query), narrowed(query))));
  }

  @Get(':group')
  @ApiOperation({ summary: "An assignment group's open incidents; by status and priority too", description: 'The group\'s active incidents, assigned or not, most urgent then oldest first; narrowed by status and priority, each one value or several. A page at a time.' })
  @ApiOkResponse({ type: QueuePageDto })
  @Header('content-type', JSON_TEXT)
  async group(@Param('group') group: string, @Query() query: QueueQueryDto) {
    await this.consistency.await([WORK_QUEUES_KEY], query.consistentWith);
    return viewPageText(await this.store.findAsJson(WORK_QUEUES_KEY, groupQueueQuery(group, page(query), narrowed(query))));
  }
}
