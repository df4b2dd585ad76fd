import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { invalidField, ChangeIdPipe, IncidentIdPipe, ProblemIdPipe } from '@itsm/platform';
import { HistoryPageQueryDto } from '../page-query.dto';
import { HistoryPageDto } from './record-past.dto';
import { RecordPast } from './record-past';
import { ApiReads, ApiPartsOf } from '../query-docs';

const uuid = new ParseUUIDPipe({ exceptionFactory: () => invalidField('id', 'must be a UUID') });

const FROM_THE_LOG =
  'read from the event log (the source of truth), a page at a time, oldest first unless order=desc: each fact with its position, revision, actor, times, command, correlation and causation ids, hash chain links, and the fields it changed';

/** Every ticket's history, one shape for every kind; open to every role (ADR 16: /audit/* is the auditors'). */
@ApiReads('history')
@Controller()
export class RecordHistoryController {
  constructor(private readonly past: RecordPast) {}

  @Get('incidents/:id/history')
  @ApiOperation({ summary: `An incident's history, ${FROM_THE_LOG}`, description: 'Read from the event log, the source of truth, not from a read model: each fact with its position, revision, actor, times, command, correlation and causation ids, hash chain links, the fields it changed (before and after), and whether the log is intact as last verified. A page at a time, oldest first, or newest first with order=desc.' })
  @ApiOkResponse({ type: HistoryPageDto })
  @ApiPartsOf('incident')
  incident(@Param('id', IncidentIdPipe) id: string, @Query() query: HistoryPageQueryDto) {
    return this.past.history('incident', id, query);
  }

  @Get('changes/:id/history')
  @ApiOperation({ summary: `A change's history, ${FROM_THE_LOG}`, description: 'Read from the event log, in the same shape as every record\'s history: each fact with its position, revision, actor, times, ids, hash chain links and the fields it changed. A page at a time, oldest first, or newest first with order=desc.' })
  @ApiOkResponse({ type: HistoryPageDto })
  @ApiPartsOf('change')
  change(@Param('id', ChangeIdPipe) id: string, @Query() query: HistoryPageQueryDto) {
    return this.past.history('change', id, query);
  }

  @Get('cis/:id/history')
  @ApiOperation({ summary: `A CI's history, ${FROM_THE_LOG}; with the relationships other CIs recorded to it, marked inbound`, description: 'Read from the event log, in the same shape as every record\'s history, with the relationships other CIs recorded to this one marked inbound (their stream and revision). A page at a time, oldest first, or newest first with order=desc.' })
  @ApiOkResponse({ type: HistoryPageDto })
  @ApiPartsOf('ci')
  ci(@Param('id', uuid) id: string, @Query() query: HistoryPageQueryDto) {
    return this.past.history('ci', id, query);
  }

  @Get('problems/:id/history')
  @ApiOperation({ summary: `A problem's history, ${FROM_THE_LOG}`, description: 'Read from the event log, in the same shape as every record\'s history: each fact with its position, revision, actor, times, ids, hash chain links and the fields it changed. A page at a time, oldest first, or newest first with order=desc.' })
  @ApiOkResponse({ type: HistoryPageDto })
  @ApiPartsOf('problem')
  problem(@Param('id', ProblemIdPipe) id: string, @Query() query: HistoryPageQueryDto) {
    return this.past.history('problem', id, query);
  }

  @Get('blackout-windows/:id/history')
  @ApiOperation({ summary: `A blackout window's history, ${FROM_THE_LOG}`, description: 'Read from the event log, in the same shape as every record\'s history. A page at a time, oldest first, or newest first with order=desc.' })
  @ApiOkResponse({ type: HistoryPageDto })
  @ApiPartsOf('blackout-window')
  blackoutWindow(@Param('id', uuid) id: string, @Query() query: HistoryPageQueryDto) {
    return this.past.history('blackout-window', id, query);
  }
}
