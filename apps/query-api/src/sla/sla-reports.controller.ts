import { Body, Controller, Get, HttpCode, Inject, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, getSchemaPath } from '@nestjs/swagger';
import { Readable } from 'node:stream';
import type { EventStore } from '@itsm/event-store';
import { findSlaBoard, recordedCalendarsInForce, SLA_CLOCKS_KEY, slaAttainment, slaWhatIf, whatIfConfigurationOf, WhatIfQuestionError, type BoardPage } from '@itsm/projections';
import type { ReadStore } from '@itsm/read-store';
import { CLOCK, EVENT_STORE, invalidField, READ_STORE, type Clock } from '@itsm/platform';
import { Consistency } from '../consistency';
import { page } from '../page-query.dto';
import { AttainmentQueryDto, AttainmentReportDto, BoardPageDto, boardQueryOf, BoardQueryDto, WhatIfBodyDto, WhatIfLineDto } from './sla-reports.dto';
import { ApiReads } from '../query-docs';

/** One line of the stream (each line is one JSON object; the last is the summary). */
const WHAT_IF_EXAMPLE = { type: 'incident', incidentId: '5f0c8a2e-3b1d-4e6f-9a7c-2d4b6e8f0a1c', number: 'INC0010001', recorded: 'met', whatIf: 'breached' };

/**
 * Service levels across incidents: the breach board and attainment from the sla_clocks read model
 * (deadlines are data there; breached and at risk are judged here, against now), and what-if from the
 * log itself. Nothing here records anything.
 */
@ApiReads('sla')
@Controller('sla')
export class SlaReportsController {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly consistency: Consistency,
  ) {}

  @Get('breaches')
  @ApiOperation({ summary: 'The breach board: clocks breached or at risk now, by state, assignment group, priority and metric (each one value or several), the most late first, then the closest to running out; cursor pages judged at the first page\'s instant', description: 'Clocks breached or at risk at the instant of the first page, the most late first, then the closest to running out; the cursor keeps that instant, so no line moves between pages while they are read. Filters are named after the line fields and take one value or several: state, assignmentGroup, priority, metric (group is the deprecated name of assignmentGroup).' })
  @ApiOkResponse({ type: BoardPageDto })
  async breaches(@Query() query: BoardQueryDto): Promise<BoardPage> {
    const board = boardQueryOf(query, this.clock().toISOString());
    await this.consistency.await([SLA_CLOCKS_KEY], query.consistentWith);
    return findSlaBoard(this.store, board, page(query));
  }

  @Get('attainment')
  @ApiOperation({ summary: 'SLA attainment of the clock cycles started in [from, to): met, breached, in progress and the percentage met, per group, priority or policy', description: 'Counts the clock cycles started in [from, to) that were met, breached or are still running, and the percentage met, per assignment group, priority or policy version, with the total. Running clocks are judged at the time of the request. A report of a few rows, answered whole.' })
  @ApiOkResponse({ type: AttainmentReportDto })
  async attainment(@Query() query: AttainmentQueryDto): Promise<AttainmentReportDto> {
    if (Date.parse(query.to) <= Date.parse(query.from)) throw invalidField('to', 'must be after from');
    await this.consistency.await([SLA_CLOCKS_KEY], query.consistentWith);
    const from = new Date(query.from).toISOString();
    const to = new Date(query.to).toISOString();
    const report = await slaAttainment(this.store, { from, to, groupBy: query.groupBy ?? 'group', now: this.clock().toISOString() });
    return { ...report, rows: [...report.rows] };
  }

  @Post('what-if')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'What-if: the incidents opened in [from, to), measured by their recorded SLA terms and by the policy (and calendars) given, read from the log and recording nothing. ' +
      'Streamed as JSON lines: one {"type":"incident",…} per incident (recorded and whatIf verdicts: met, breached, running, not_measured), then one {"type":"summary",…}; a stream without the summary line was cut short', description: 'Measures each incident opened in [from, to) twice: by the SLA terms its opening recorded, and by the policy (and calendars) given in the body. Read from the log, recording nothing. Streamed as JSON lines: one line per incident, then one summary line; a stream without the summary line was cut short.' })
  @ApiProduces('application/x-ndjson')
  @ApiExtraModels(WhatIfLineDto)
  @ApiOkResponse({ description: 'application/x-ndjson: incident lines, then the summary line', content: { 'application/x-ndjson': { schema: { $ref: getSchemaPath(WhatIfLineDto) }, example: WHAT_IF_EXAMPLE } } })
  async whatIf(@Body() body: WhatIfBodyDto): Promise<StreamableFile> {
    if (Date.parse(body.to) <= Date.parse(body.from)) throw invalidField('to', 'must be after from');
    let configuration;
    try {
      configuration = whatIfConfigurationOf({ calendars: body.calendars ?? [], policy: body.policy }, await recordedCalendarsInForce(this.events, this.clock().toISOString()));
    } catch (error) {
      if (error instanceof WhatIfQuestionError) throw invalidField(error.field || 'policy', error.message);
      throw error;
    }
    const run = slaWhatIf(this.events, configuration, { from: new Date(body.from).toISOString(), to: new Date(body.to).toISOString(), now: this.clock().toISOString() });
    // The first answer is read before the status is sent, so a log that cannot be read is still a problem+json.
    const first = await run.next();
    async function* lines(): AsyncGenerator<string> {
      for (let next = first; ; next = await run.next()) {
        if (next.done) {
          yield `${JSON.stringify({ type: 'summary', ...next.value })}\n`;
          return;
        }
        yield `${JSON.stringify({ type: 'incident', ...next.value })}\n`;
      }
    }
    // One line ahead of what the socket has taken; a client that goes away stops the reading.
    return new StreamableFile(Readable.from(lines()), { type: 'application/x-ndjson; charset=utf-8' });
  }
}
