import { Controller, Get, Headers, Inject, Query } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, getSchemaPath } from '@nestjs/swagger';
import { AUDIT_TRAIL_KEY, auditRecordOf, exportAuditEvents, findAuditEvents } from '@itsm/projections';
import type { ReadStore } from '@itsm/read-store';
import { READ_STORE } from '@itsm/platform';
import { Consistency } from '../consistency';
import { DEFAULT_PAGE_SIZE } from '../page-query.dto';
import { auditDownload } from './audit-download';
import { AuditEventPageDto, AuditEventsQueryDto, auditTrailFilterOf } from './audit-events.dto';
import { AUDIT_MEDIA_TYPES, auditRepresentation, notAcceptable, refusePagingOf } from './audit-representation';
import { ApiReads, ApiReadProblems } from '../query-docs';

const CSV_EXAMPLE =
  'position,occurredAt,recordedAt,actor,streamType,stream,revision,type,eventId,commandType,commandId,correlationId,causationId,schemaVersion,prevHash,hash,data\r\n' +
  '00000000000000000001,2026-03-02T08:30:00.000Z,2026-03-02T08:30:00.000Z,ann,incident,incident-5f0c8a2e,0,IncidentOpened,8c1e…,OpenIncident,3b7a…,3b7a…,3b7a…,9,,b5d4…,"{""title"":""Mail is not delivered""}"\r\n';
const JSONL_EXAMPLE = '{"position":"00000000000000000001","occurredAt":"2026-03-02T08:30:00.000Z","actor":"ann","streamType":"incident","type":"IncidentOpened","data":{"title":"Mail is not delivered"}}\n';
const file = (example: string) => ({ schema: { type: 'string' }, example });

/** The audit trail across every ticket: who did what, when, to which stream, with the fact itself. Auditors only. */
@ApiReads('audit')
@ApiExtraModels(AuditEventPageDto)
@Controller('audit')
export class AuditTrailController {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    private readonly consistency: Consistency,
  ) {}

  @Get('events')
  @ApiOperation({
    summary: 'Every recorded event of every stream, in log order, filtered by actor, time, kind of stream and type',
    description:
      'A page of JSON by default (cursor, limit). `Accept: text/csv` or `?format=csv` downloads every matching event as RFC 4180 CSV ' +
      '(header row, fixed columns, `data` as a JSON cell; a cell starting with = + - @ tab or CR is prefixed with a single quote so ' +
      'spreadsheets do not run it); `Accept: application/x-ndjson` or `application/jsonl`, or `?format=jsonl`, as one JSON object a line. ' +
      'A download is streamed, holds the log up to the position in its file name, and is cut off (not ended) if it fails midway.',
  })
  @ApiProduces(...AUDIT_MEDIA_TYPES.map((representation) => representation.mediaType))
  @ApiOkResponse({
    description: 'A page (application/json), or a download of every matching event (text/csv, application/x-ndjson, application/jsonl)',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(AuditEventPageDto) } },
      'text/csv': file(CSV_EXAMPLE),
      'application/x-ndjson': file(JSONL_EXAMPLE),
      'application/jsonl': file(JSONL_EXAMPLE),
    },
  })
  @ApiReadProblems(notAcceptable())
  async events(@Query() query: AuditEventsQueryDto, @Headers('accept') accept: string | undefined) {
    const representation = auditRepresentation(query.format, accept);
    refusePagingOf(representation, query);
    const filter = auditTrailFilterOf(query);
    await this.consistency.await([AUDIT_TRAIL_KEY], query.consistentWith);
    if (representation.kind === 'download') return auditDownload(await exportAuditEvents(this.store, filter), representation.format, representation.mediaType);
    const page = await findAuditEvents(this.store, filter, { limit: query.limit ?? DEFAULT_PAGE_SIZE, cursor: query.cursor ?? null });
    return { items: page.items.map(auditRecordOf), nextCursor: page.nextCursor };
  }
}
