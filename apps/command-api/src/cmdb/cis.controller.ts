import { Body, Controller, Headers, HttpCode, Inject, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DEFAULT_CI_CLASS_CATALOGUE, type ConfigurationItemCommand, CI_ERROR_CODES, configurationItemStream } from '@itsm/domain';
import { deterministicId, timeOrderedId } from '@itsm/event-store';
import {
  ApiCommands,
  ApiProblems,
  ApiTag,
  CLOCK,
  CurrentPrincipal,
  invalidField,
  type Clock,
  type Principal,
} from '@itsm/platform';
import { commandEnvelope, type CommandHeaders } from '../commands/command-headers';
import { SAMPLE_ID } from '../commands/samples';
import type { WriteOutcome } from '@itsm/write-path';
import { CommandAcceptedDto } from '../incidents/incident.dtos';
import { ExecuteCiCommand, targetNotFound } from './ci-command.handler';
import * as dto from './cmdb.dtos';

const uuid = new ParseUUIDPipe({ exceptionFactory: () => invalidField('id', 'must be a UUID') });

type Data<T extends ConfigurationItemCommand['type']> = Extract<ConfigurationItemCommand, { type: T }>['data'];
type Reply = FastifyReply;

@ApiTag('cmdb', 'Configuration items: register, rename, relate and retire them.')
@ApiBearerAuth()
@ApiCommands({ rules: [CI_ERROR_CODES], stream: configurationItemStream(SAMPLE_ID), etag: true })
@Controller('cis')
export class CisController {
  constructor(
    private readonly bus: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Register a configuration item; its name must be unique (409 ci.name_taken)', description: 'Registers a configuration item of a class from the catalogue, with its attributes and owner group. Its name must be unique among live CIs (409 ci.name_taken); with an Idempotency-Key the id derives from the key.' })
  @ApiCreatedResponse({ type: CommandAcceptedDto })
  register(@Body() body: dto.RegisterCiDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: Reply) {
    const key = h['idempotency-key'];
    // A retried registration must land on the same stream, so the id derives from the idempotency key.
    const id = key === undefined ? timeOrderedId() : deterministicId('configuration-item', who.subject, key);
    return this.run('RegisterConfigurationItem', id, { ...body, classCatalogue: DEFAULT_CI_CLASS_CATALOGUE }, who, h, r, true);
  }

  @Post(':id/rename') @HttpCode(200) @ApiOperation({ summary: 'Rename (the new name must be free)', description: 'Gives the CI a new name, which must be free; the old name becomes free.' }) @ApiOkResponse({ type: CommandAcceptedDto })
  rename(@Param('id', uuid) id: string, @Body() body: dto.RenameCiDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: Reply) {
    return this.run('RenameConfigurationItem', id, body, who, h, r);
  }

  @Post(':id/attributes') @HttpCode(200) @ApiOperation({ summary: 'Set and unset attributes', description: 'Sets and unsets attributes of the CI, as its class allows; each change is recorded with its value before.' }) @ApiOkResponse({ type: CommandAcceptedDto })
  attributes(@Param('id', uuid) id: string, @Body() body: dto.UpdateCiAttributesDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: Reply) {
    return this.run('UpdateConfigurationItemAttributes', id, body, who, h, r);
  }

  @Post(':id/status') @HttpCode(200) @ApiOperation({ summary: 'Change the status, with a reason', description: 'Changes the status of the CI (as its lifecycle allows), with a reason.' }) @ApiOkResponse({ type: CommandAcceptedDto })
  status(@Param('id', uuid) id: string, @Body() body: dto.ChangeCiStatusDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: Reply) {
    return this.run('ChangeConfigurationItemStatus', id, body, who, h, r);
  }

  @Post(':id/owner-group') @HttpCode(200) @ApiOperation({ summary: 'Hand the CI to another owner group', description: 'Hands the CI to another owner group.' }) @ApiOkResponse({ type: CommandAcceptedDto })
  ownerGroup(@Param('id', uuid) id: string, @Body() body: dto.ChangeCiOwnerGroupDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: Reply) {
    return this.run('ChangeConfigurationItemOwnerGroup', id, body, who, h, r);
  }

  @Post(':id/retire') @HttpCode(200) @ApiOperation({ summary: 'Retire (final); the name becomes free', description: 'Retires the CI for good: it accepts no further commands, can no longer be named by incidents or changes, and its name becomes free.' }) @ApiOkResponse({ type: CommandAcceptedDto })
  retire(@Param('id', uuid) id: string, @Body() body: dto.RetireCiDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: Reply) {
    return this.run('RetireConfigurationItem', id, body, who, h, r);
  }

  @Post(':id/relationships') @HttpCode(200) @ApiOperation({ summary: 'Relate this CI (source) to a target CI; 422 ci.target_not_found for an unknown target, 409 ci.target_retired', description: 'Records a typed relationship from this CI (the source) to a target CI; the impact of a CI follows its relationships.' }) @ApiOkResponse({ type: CommandAcceptedDto }) @ApiProblems(targetNotFound(SAMPLE_ID))
  relate(@Param('id', uuid) id: string, @Body() body: dto.CiRelationshipDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: Reply) {
    return this.run('AddConfigurationItemRelationship', id, body, who, h, r);
  }

  @Post(':id/relationships/remove') @HttpCode(200) @ApiOperation({ summary: 'Remove a relationship recorded on this CI', description: 'Removes a relationship recorded on this CI.' }) @ApiOkResponse({ type: CommandAcceptedDto })
  unrelate(@Param('id', uuid) id: string, @Body() body: dto.CiRelationshipDto, @CurrentPrincipal() who: Principal, @Headers() h: CommandHeaders, @Res({ passthrough: true }) r: Reply) {
    return this.run('RemoveConfigurationItemRelationship', id, body, who, h, r);
  }

  private async run<T extends ConfigurationItemCommand['type']>(type: T, ciId: string, data: Data<T>, who: Principal, headers: CommandHeaders, reply: Reply, opens = false) {
    const made = commandEnvelope(who, headers, this.clock());
    // A CI registered under an id made for this request: its stream cannot exist yet, so it is not read.
    const envelope = opens ? { ...made, newStream: configurationItemStream(ciId) } : made;
    const command = { type, ciId, data: { ...data }, context: { actor: who.subject, now: envelope.occurredAt } } as ConfigurationItemCommand;
    const outcome = await this.bus.execute<ExecuteCiCommand, WriteOutcome>(new ExecuteCiCommand(command, envelope));
    void reply.header('etag', `"${outcome.revision}"`);
    if (outcome.replayed) void reply.header('idempotent-replayed', 'true');
    return { id: ciId, revision: outcome.revision, position: outcome.position };
  }
}
