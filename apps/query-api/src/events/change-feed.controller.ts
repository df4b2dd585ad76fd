import type { ServerResponse } from 'node:http';
import { Controller, ForbiddenException, Get, Headers, Inject, Query, Res, type OnModuleDestroy } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsArray, IsOptional, IsString, isUUID } from 'class-validator';
import { parseRecordNumber } from '@itsm/domain';
import type { FastifyReply } from 'fastify';
import { hasReached, isPosition, type EventStore } from '@itsm/event-store';
import { ApiProblems, ApiTag, CurrentPrincipal, invalidField, recordNumberUnknown, resolveRecordId, securityHeaders, STORED_EVENT_STORE, type Principal } from '@itsm/platform';
import { SAMPLE } from '../examples';
import { QUERY_TAGS } from '../query-docs';
import { toList } from '../page-query.dto';
import { FEED_STREAM_TYPES, visibleStreamTypes, type FeedFilter } from './change-feed';
import { FeedConnection, type FeedEnd, type FeedLimits } from './feed-connection';
import { LiveTail } from './live-tail';

export class ChangeFeedQueryDto {
  @ApiPropertyOptional({ type: [String], description: `Kinds of ticket to follow (${Object.keys(FEED_STREAM_TYPES).join(', ')}), as a list (streamType=incident,problem); default: every kind the caller may read` })
  @IsOptional() @Transform(toList) @IsArray() @IsString({ each: true })
  streamType?: string[];
  @ApiPropertyOptional({ type: [String], description: 'Only these tickets, each by id or by number (ticket=INC0010001,PRB0010002); at most 100', example: ['INC0010001'] })
  @IsOptional() @Transform(toList) @IsArray() @IsString({ each: true })
  ticket?: string[];
  @ApiPropertyOptional({ description: 'Start after this log position (a command answer’s position, or the id of the last message seen); default: from now. The Last-Event-ID header, which a reconnecting EventSource sends, wins' })
  @IsOptional() @IsString()
  after?: string;
}

/** The most tickets one feed follows by name; more is a list of its own (a queue, a stream type). */
const MAX_TICKETS = 100;
/** How often a quiet feed says it is alive, so proxies keep the connection and clients see it. */
const HEARTBEAT_MS = 15_000;
/** How soon a client should reconnect after a drop (the SSE retry field). */
const RETRY_MS = 2_000;
/**
 * A catch-up reads 200 events at a time; a feed holds up to 1,000 changes (about 250 KB) while its
 * socket drains, beyond which it is closed as too slow.
 */
const FEED_LIMITS: FeedLimits = { page: 200, queue: 1_000 };
/** A client too slow to read may not read the end of its feed either: its socket is not kept for it. */
const SLOW_CLIENT_GRACE_MS = 5_000;

@ApiTag('events', QUERY_TAGS.events)
@ApiBearerAuth()
@Controller('events')
export class ChangeFeedController implements OnModuleDestroy {
  /** The one subscription to the log that every open feed shares. */
  private readonly tail: LiveTail;
  /** The feeds open now, ended when the app shuts down. */
  private readonly open = new Set<FeedConnection>();

  constructor(
    @Inject(STORED_EVENT_STORE) private readonly events: EventStore,
  ) {
    this.tail = new LiveTail(events);
  }

  onModuleDestroy(): void {
    for (const feed of this.open) feed.close('shutdown');
    this.tail.stop();
  }

  @Get('stream')
  @ApiOperation({
    summary: 'The live change feed (Server-Sent Events)',
    description:
      'One `change` event per change of a ticket the caller may see, naming the ticket (streamType, id), the event type, its revision and log position (also the SSE id). In log order, from `after` or Last-Event-ID (resumed with no gap and no repeat), else from now; no ticket data: read the ticket again. A comment every 15 s on a quiet feed. A client too slow to read is closed with an `error` event (`feed.too_slow`), and one cut off by a store outage with `feed.interrupted`: either reconnects with Last-Event-ID and resumes.',
  })
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'The id of the last message received: the feed resumes right after it' })
  @ApiOkResponse({
    description: 'text/event-stream: `id: <position>`, `event: change`, `data: {"position","streamType","id","revision","type","occurredAt"}`',
    content: {
      'text/event-stream': {
        schema: { type: 'string' },
        example: `retry: 2000\n\nid: ${SAMPLE.position}\nevent: change\ndata: ${JSON.stringify({ position: SAMPLE.position, streamType: 'incident', id: SAMPLE.incidentId, revision: 4, type: 'IncidentWorkNoteAdded', occurredAt: SAMPLE.at })}\n\n`,
      },
    },
  })
  @ApiProblems(
    invalidField('ticket', '"printer" is neither an id (a UUID) nor a number such as INC0010001'),
    recordNumberUnknown('incident', 'INC0010001'),
    recordNumberUnknown('change', 'CHG0010001'),
    recordNumberUnknown('problem', 'PRB0010001'),
  )
  async stream(
    @Query() query: ChangeFeedQueryDto,
    @Headers('last-event-id') lastEventId: string | undefined,
    @CurrentPrincipal() who: Principal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const filter = await this.filterFor(who, query);
    const after = await this.startAfter(lastEventId ?? query.after, lastEventId === undefined ? 'after' : 'Last-Event-ID');
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { ...(reply.getHeaders() as Record<string, string>), ...securityHeaders(), 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', 'x-accel-buffering': 'no' });
    raw.write(`retry: ${RETRY_MS}\n\n`);
    const feed = new FeedConnection({ tail: this.tail, events: this.events, filter, after, sink: raw, limits: FEED_LIMITS });
    this.open.add(feed);
    raw.once('close', () => feed.close('left'));
    const heartbeat = setInterval(() => feed.heartbeat(), HEARTBEAT_MS);
    try {
      endFeed(raw, await feed.run());
    } finally {
      clearInterval(heartbeat);
      this.open.delete(feed);
    }
  }

  /** What the caller follows: the kinds asked for (all it may see by default), each one it may see. */
  private async filterFor(who: Principal, query: ChangeFeedQueryDto): Promise<FeedFilter> {
    const visible = visibleStreamTypes(who);
    const asked = query.streamType ?? visible;
    const unknown = asked.find((type) => FEED_STREAM_TYPES[type] === undefined);
    if (unknown !== undefined) throw invalidField('streamType', `${unknown} is not a kind of ticket (${Object.keys(FEED_STREAM_TYPES).join(', ')})`);
    const hidden = asked.find((type) => !visible.includes(type));
    if (hidden !== undefined) throw new ForbiddenException(`Your roles may not read ${hidden} changes`);
    return { streamTypes: asked, ticketIds: query.ticket === undefined ? null : await this.ticketIds(query.ticket) };
  }

  /** Tickets named by id or by number (`INC0010001`: read from the log, as paths take it); anything else refused, naming it. */
  private async ticketIds(tickets: readonly string[]): Promise<string[]> {
    if (tickets.length > MAX_TICKETS) throw invalidField('ticket', `names ${tickets.length} tickets; at most ${MAX_TICKETS}`);
    return Promise.all(
      tickets.map((ticket) => {
        if (isUUID(ticket)) return ticket;
        const numbered = parseRecordNumber(ticket);
        if (numbered === null) throw invalidField('ticket', `${JSON.stringify(ticket.slice(0, 40))} is neither an id (a UUID) nor a number such as INC0010001`);
        return resolveRecordId(this.events, numbered.kind, ticket, 'ticket');
      }),
    );
  }

  /** A position the log has reached, or now (the head) when none is given. */
  private async startAfter(given: string | undefined, field: string): Promise<string | null> {
    const head = await this.events.headPosition();
    if (given === undefined) return head;
    if (!isPosition(given)) throw invalidField(field, 'must be a position: the id of a message of this feed, or one a command answered');
    if (!hasReached(head, given)) throw invalidField(field, `is beyond the end of the log (${head ?? 'no event yet'})`);
    return given;
  }
}

/**
 * The end of a feed's answer. A client closed as too slow, or cut off by a failure, is told why
 * before the end; its EventSource then reconnects with Last-Event-ID and resumes from the store.
 */
function endFeed(raw: ServerResponse, end: FeedEnd): void {
  if (end.reason === 'too_slow') {
    raw.end(`event: error\ndata: ${JSON.stringify({ code: 'feed.too_slow', detail: 'The feed was read too slowly: reconnect with Last-Event-ID to resume' })}\n\n`);
    setTimeout(() => raw.destroy(), SLOW_CLIENT_GRACE_MS).unref();
  } else if (end.reason === 'interrupted') {
    raw.end(`event: error\ndata: ${JSON.stringify({ code: 'feed.interrupted', detail: end.error.message })}\n\n`);
  } else {
    raw.end();
  }
}
