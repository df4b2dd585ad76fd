import { once } from 'node:events';
import { Controller, ForbiddenException, Get, Headers, Inject, Query, Req, Res, type OnModuleDestroy } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsArray, IsOptional, IsString } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { hasReached, isPosition, type EventStore } from '@itsm/event-store';
import { CurrentPrincipal, invalidField, securityHeaders, STORED_EVENT_STORE, type Principal } from '@itsm/platform';
import { toList } from '../page-query.dto';
import { changeMessage, FEED_STREAM_TYPES, sseOf, visibleStreamTypes, type FeedFilter } from './change-feed';

export class ChangeFeedQueryDto {
  @ApiPropertyOptional({ type: [String], description: `Kinds of ticket to follow (${Object.keys(FEED_STREAM_TYPES).join(', ')}), as a list (streamType=incident,problem); default: every kind the caller may read` })
  @IsOptional() @Transform(toList) @IsArray() @IsString({ each: true })
  streamType?: string[];
  @ApiPropertyOptional({ type: [String], description: 'Only these tickets, by id (ticket=a,b)' })
  @IsOptional() @Transform(toList) @IsArray() @IsString({ each: true })
  ticket?: string[];
  @ApiPropertyOptional({ description: 'Start after this log position (a command answer’s position, or the id of the last message seen); default: from now. The Last-Event-ID header, which a reconnecting EventSource sends, wins' })
  @IsOptional() @IsString()
  after?: string;
}

/** How often a quiet feed says it is alive, so proxies keep the connection and clients see it. */
const HEARTBEAT_MS = 15_000;
/** How soon a client should reconnect after a drop (the SSE retry field). */
const RETRY_MS = 2_000;

@ApiTags('events')
@Controller('events')
export class ChangeFeedController implements OnModuleDestroy {
  /** The feeds open now, ended when the app shuts down. */
  private readonly open = new Set<AbortController>();

  constructor(@Inject(STORED_EVENT_STORE) private readonly events: EventStore) {}

  onModuleDestroy(): void {
    for (const feed of this.open) feed.abort();
  }

  @Get('stream')
  @ApiOperation({
    summary:
      'The live change feed (Server-Sent Events): one `change` event per change of a ticket the caller may see, naming the ticket (streamType, id), the event type, its revision and log position (also the SSE id). In log order, from `after` or Last-Event-ID (resumed with no gap and no repeat), else from now; no ticket data: read the ticket again',
  })
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'The id of the last message received: the feed resumes right after it' })
  @ApiOkResponse({ description: 'text/event-stream: `id: <position>`, `event: change`, `data: {"position","streamType","id","revision","type","occurredAt"}`', schema: { type: 'string' } })
  async stream(
    @Query() query: ChangeFeedQueryDto,
    @Headers('last-event-id') lastEventId: string | undefined,
    @CurrentPrincipal() who: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const filter = this.filterFor(who, query);
    const after = await this.startAfter(lastEventId ?? query.after, lastEventId === undefined ? 'after' : 'Last-Event-ID');
    const feed = new AbortController();
    this.open.add(feed);
    request.raw.once('close', () => feed.abort());
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { ...(reply.getHeaders() as Record<string, string>), ...securityHeaders(), 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', 'x-accel-buffering': 'no' });
    const send = async (chunk: string) => {
      if (!raw.write(chunk)) await once(raw, 'drain', { signal: feed.signal });
    };
    const heartbeat = setInterval(() => void raw.write(': alive\n\n'), HEARTBEAT_MS);
    try {
      await send(`retry: ${RETRY_MS}\n\n`);
      const prefixes = filter.streamTypes.map((type) => (FEED_STREAM_TYPES[type] as { prefix: string }).prefix);
      for await (const message of this.events.subscribe({ after, filter: { streamPrefixes: prefixes }, signal: feed.signal })) {
        if (message.kind !== 'event') continue;
        const change = changeMessage(message.event, filter);
        if (change !== null) await send(sseOf(change));
      }
    } catch (error) {
      if (!feed.signal.aborted) raw.write(`event: error\ndata: ${JSON.stringify({ code: 'feed.interrupted', detail: (error as Error).message })}\n\n`);
    } finally {
      clearInterval(heartbeat);
      this.open.delete(feed);
      raw.end();
    }
  }

  /** What the caller follows: the kinds asked for (all it may see by default), each one it may see. */
  private filterFor(who: Principal, query: ChangeFeedQueryDto): FeedFilter {
    const visible = visibleStreamTypes(who);
    const asked = query.streamType ?? visible;
    const unknown = asked.find((type) => FEED_STREAM_TYPES[type] === undefined);
    if (unknown !== undefined) throw invalidField('streamType', `${unknown} is not a kind of ticket (${Object.keys(FEED_STREAM_TYPES).join(', ')})`);
    const hidden = asked.find((type) => !visible.includes(type));
    if (hidden !== undefined) throw new ForbiddenException(`Your roles may not read ${hidden} changes`);
    return { streamTypes: asked, ticketIds: query.ticket ?? null };
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
