import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiQueryProblems, invalidField, ProblemDto, ChangeIdPipe, IncidentIdPipe, ProblemIdPipe } from '@itsm/platform';
import { HistoryPageQueryDto } from '../page-query.dto';
import { HistoryPageDto } from './record-past.dto';
import { RecordPast } from './record-past';

const uuid = new ParseUUIDPipe({ exceptionFactory: () => invalidField('id', 'must be a UUID') });

const FROM_THE_LOG =
  'read from the event log (the source of truth), a page at a time, oldest first unless order=desc: each fact with its position, revision, actor, times, command, correlation and causation ids, hash chain links, and the fields it changed';

/** Every ticket's history, one shape for every kind; open to every role (ADR 16: /audit/* is the auditors'). */
@ApiTags('history')
@ApiBearerAuth()
@ApiQueryProblems()
@Controller()
export class RecordHistoryController {
  constructor(private readonly past: RecordPast) {}

  @Get('incidents/:id/history')
  @ApiOperation({ summary: `An incident's history, ${FROM_THE_LOG}` })
  @ApiOkResponse({ type: HistoryPageDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  incident(@Param('id', IncidentIdPipe) id: string, @Query() query: HistoryPageQueryDto) {
    return this.past.history('incident', id, query);
  }

  @Get('changes/:id/history')
  @ApiOperation({ summary: `A change's history, ${FROM_THE_LOG}` })
  @ApiOkResponse({ type: HistoryPageDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  change(@Param('id', ChangeIdPipe) id: string, @Query() query: HistoryPageQueryDto) {
    return this.past.history('change', id, query);
  }

  @Get('cis/:id/history')
  @ApiOperation({ summary: `A CI's history, ${FROM_THE_LOG}; with the relationships other CIs recorded to it, marked inbound` })
  @ApiOkResponse({ type: HistoryPageDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  ci(@Param('id', uuid) id: string, @Query() query: HistoryPageQueryDto) {
    return this.past.history('ci', id, query);
  }

  @Get('problems/:id/history')
  @ApiOperation({ summary: `A problem's history, ${FROM_THE_LOG}` })
  @ApiOkResponse({ type: HistoryPageDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  problem(@Param('id', ProblemIdPipe) id: string, @Query() query: HistoryPageQueryDto) {
    return this.past.history('problem', id, query);
  }

  @Get('blackout-windows/:id/history')
  @ApiOperation({ summary: `A blackout window's history, ${FROM_THE_LOG}` })
  @ApiOkResponse({ type: HistoryPageDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  blackoutWindow(@Param('id', uuid) id: string, @Query() query: HistoryPageQueryDto) {
    return this.past.history('blackout-window', id, query);
  }
}
