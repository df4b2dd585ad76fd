import { Body, Controller, Headers, HttpCode, Inject, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { BLACKOUT_WINDOW_ERROR_CODES, blackoutWindowStream } from '@itsm/domain';
import type { FastifyReply } from 'fastify';
import type { BlackoutWindowCommand } from '@itsm/domain';
import { deterministicId, timeOrderedId } from '@itsm/event-store';
import { ApiCommands, ApiTag, CLOCK, CurrentPrincipal, invalidField, type Clock, type Principal } from '@itsm/platform';
import { commandEnvelope, type CommandHeaders } from '../commands/command-headers';
import { SAMPLE_ID } from '../commands/samples';
import type { WriteOutcome } from '@itsm/write-path';
import { CommandAcceptedDto } from '../incidents/incident.dtos';
import { ExecuteBlackoutWindowCommand } from './blackout-window-command.handler';
import * as dto from './change.dtos';

const uuid = new ParseUUIDPipe({ exceptionFactory: () => invalidField('id', 'must be a UUID') });
type Data<T extends BlackoutWindowCommand['type']> = Extract<BlackoutWindowCommand, { type: T }>['data'];
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

@ApiTag('blackout-windows', 'Blackout windows: periods in which no change is scheduled, on everything or on listed CIs.')
@ApiBearerAuth()
@ApiCommands({ rules: [BLACKOUT_WINDOW_ERROR_CODES], stream: blackoutWindowStream(SAMPLE_ID), etag: true })
// A freeze is a change-control decision (lifting one opens a window to normal changes): not admin's (ADR 14).
@Controller('blackout-windows')
export class BlackoutWindowsController {
  constructor(
    private readonly bus: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Freeze changes for a window, on everything or on listed CIs', description: 'Declares a blackout window: no change is scheduled into it, on every CI or on the CIs listed, unless an emergency overrides it.' })
  @ApiCreatedResponse({ type: CommandAcceptedDto })
  define(@Body() body: dto.DefineBlackoutWindowDto, @CurrentPrincipal() who: Principal, @Headers() headers: CommandHeaders, @Res({ passthrough: true }) reply: FastifyReply) {
    const key = headers['idempotency-key'];
    const id = key === undefined ? timeOrderedId() : deterministicId('blackout-window', who.subject, key);
    return this.run('DefineBlackoutWindow', id, plain(body) as Data<'DefineBlackoutWindow'>, who, headers, reply, true);
  }

  @Post(':id/change') @HttpCode(200) @ApiOperation({ summary: 'Change the name, window, scope or reason', description: 'Changes the name, window, scope or reason of a blackout window.' }) @ApiOkResponse({ type: CommandAcceptedDto })
  change(@Param('id', uuid) id: string, @Body() body: dto.ChangeBlackoutWindowDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: FastifyReply) {
    return this.run('ChangeBlackoutWindow', id, plain(body) as Data<'ChangeBlackoutWindow'>, who, h, r);
  }

  @Post(':id/withdraw') @HttpCode(200) @ApiOperation({ summary: 'Lift the freeze, with a reason', description: 'Withdraws the blackout window with a reason: changes may be scheduled into it again.' }) @ApiOkResponse({ type: CommandAcceptedDto })
  withdraw(@Param('id', uuid) id: string, @Body() body: dto.ChangeReasonDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: FastifyReply) {
    return this.run('WithdrawBlackoutWindow', id, plain(body), who, h, r);
  }

  private async run<T extends BlackoutWindowCommand['type']>(type: T, blackoutWindowId: string, data: Data<T>, who: Principal, headers: CommandHeaders, reply: FastifyReply, opens = false) {
    const made = commandEnvelope(who, headers, this.clock());
    // A window defined under an id made for this request: its stream cannot exist yet, so it is not read.
    const envelope = opens ? { ...made, newStream: blackoutWindowStream(blackoutWindowId) } : made;
    const command = { type, blackoutWindowId, data, context: { actor: who.subject, now: envelope.occurredAt } } as BlackoutWindowCommand;
    const outcome = await this.bus.execute<ExecuteBlackoutWindowCommand, WriteOutcome>(new ExecuteBlackoutWindowCommand(command, envelope));
    void reply.header('etag', `"${outcome.revision}"`);
    if (outcome.replayed) void reply.header('idempotent-replayed', 'true');
    return { id: blackoutWindowId, revision: outcome.revision, position: outcome.position };
  }
}
