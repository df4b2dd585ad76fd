import { Body, Controller, Get, Headers, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { Priority } from '@itsm/domain';
import { CurrentPrincipal, type Principal } from '@itsm/platform';
import type { WorkQueueItem } from '@itsm/projections';
import { OpenIncidentDto } from '../../apps/command-api/src/incidents/incident.dtos';
import type { CommandHeaders } from '../../apps/command-api/src/commands/command-headers';
import { QueueQueryDto } from '../../apps/query-api/src/queues/queue-views.dto';
import { viewPage } from '../../apps/query-api/src/read-model-view';
import { page } from '../../apps/query-api/src/page-query.dto';

/**
 * `POST /incidents` as the command API declares it (the same DTO, principal and headers), answering
 * 201 with a body of the same shape without deciding or storing anything: what the stack alone costs.
 */
@Controller('incidents')
export class CeilingCommandsController {
  private revision = 0;

  @Post()
  // The body, principal and headers are taken as the real route takes them (validated, extracted), then ignored.
  open(@Body() _body: OpenIncidentDto, @CurrentPrincipal() _who: Principal, @Headers() _headers: CommandHeaders, @Res({ passthrough: true }) reply: FastifyReply) {
    const revision = this.revision++;
    void reply.header('etag', `"${revision}"`);
    return { id: randomUUID(), revision, position: String(revision), number: `INC${String(revision).padStart(7, '0')}` };
  }
}

/** A stored queue line (its `_position` included), as findGroupQueue reads it from the read store. */
function queueDocument(n: number, group: string): WorkQueueItem {
  const at = new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString();
  const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  return { id, _position: String(n), number: `INC${String(n + 1).padStart(7, '0')}`, title: `Incident ${n}`, priority: ((n % 5) + 1) as Priority, status: 'new', assignmentGroup: group, assignee: null, openedAt: at, updatedAt: at, active: true };
}

/**
 * `GET /queues/:group` as the query API declares it (the same query DTO and paging), answering a page
 * of the same shape and size (the limit asked, 50 by default) without reading a store.
 */
@Controller('queues')
export class CeilingQueuesController {
  private readonly documents = Array.from({ length: 200 }, (_, n) => queueDocument(n, 'ceiling'));

  @Get(':group')
  group(@Param('group') _group: string, @Query() query: QueueQueryDto) {
    const { limit } = page(query);
    return viewPage({ items: this.documents.slice(0, limit), nextCursor: 'eyJwIjoxLCJpZCI6IjAwMDAwMDAwLTAwMDAtNDAwMC04MDAwLTAwMDAwMDAwMDA0OSJ9' });
  }
}
