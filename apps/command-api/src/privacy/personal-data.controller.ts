import { Body, Controller, Headers, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { PERSONAL_DATA_ERASURE_SCHEMA_VERSION, personalDataErasureDecider, personalDataErasureStream, type ErasePersonalData, type PersonalDataErased, PERSONAL_DATA_ERROR_CODES } from '@itsm/domain';
import type { EventStore } from '@itsm/event-store';
import type { PersonalDataVault } from '@itsm/personal-data';
import { normalisedSubject, RevealingEventStore } from '@itsm/personal-data';
import { ApiCommands, ApiProblems, ApiTag, CLOCK, CurrentPrincipal, EVENT_STORE, invalidField, MultiLine, PERSONAL_DATA_VAULT, ProblemException, SingleLine, type Clock, type Principal } from '@itsm/platform';
import { WritePath, type CommandEnvelope, type WriteOutcome } from '@itsm/write-path';
import { commandEnvelope, type CommandHeaders } from '../commands/command-headers';
import { SAMPLE_ID } from '../commands/samples';

/** No key for this person: nothing of theirs is held (never recorded, or erased already). */
const subjectUnknown = (): ProblemException =>
  new ProblemException(404, 'personal_data.subject_unknown', 'The vault holds no personal data of this person: none was recorded, or it was erased already', [{ field: 'subject', reason: 'no personal data held' }]);

/** Recorded, not yet done: the projector's reaction to the fact deletes the key (or a retry here does). */
const erasurePending = (erasureId: string, reason: string): ProblemException =>
  new ProblemException(503, 'personal_data.erasure_pending', `The erasure ${erasureId} is recorded, but the key could not be deleted yet (${reason}); the projector finishes it within seconds, or ask again`, undefined, { 'retry-after': '5' });

export class ErasePersonalDataDto {
  @ApiProperty({ maxLength: 200, example: 'Caller 2403', description: 'The person as incidents name them (the caller; case and spacing aside); never recorded in the log' })
  @IsString() @Matches(/\S/, { message: 'subject must not be blank' }) @MaxLength(200) @SingleLine()
  subject: string;

  @ApiProperty({ maxLength: 2000, example: 'GDPR art. 17 request DSR-2026-114', description: 'Why: the request answered, the law followed. Recorded for good, so it must not name the person' })
  @IsString() @Matches(/\S/, { message: 'reason must not be blank' }) @MaxLength(2000) @MultiLine()
  reason: string;
}

export class PersonalDataErasedDto {
  @ApiProperty({ format: 'uuid', example: SAMPLE_ID, description: 'The erasure: the id of its PersonalDataErased event' }) erasureId: string;
  @ApiProperty({ format: 'uuid', example: '3e9d2c41-8b7a-4f0e-a6d5-c2b1f0e9d8a7', description: "The person's key id, as the erasure and the log name them (not who they are)" }) keyId: string;
  @ApiProperty({ type: [String], example: [`incident-${SAMPLE_ID}`], description: 'The streams whose facts held their data and now read "[erased]" there' }) streams: string[];
  @ApiProperty({ example: 0 }) revision: number;
  @ApiProperty({ example: '00000000000000000042' }) position: string;
}

export class ErasePersonalDataCommand {
  constructor(
    readonly subject: string,
    readonly reason: string,
    readonly envelope: CommandEnvelope,
  ) {}
}

/**
 * Erases a person's data: records the erasure (who, when, why, the key id, the streams), then
 * deletes the key from the vault. Recorded first, so no erasure goes unaudited; asked again after a
 * failure in between, it finds the erasure recorded and finishes deleting the key.
 */
@CommandHandler(ErasePersonalDataCommand)
export class ErasePersonalDataHandler implements ICommandHandler<ErasePersonalDataCommand, PersonalDataErasedDto & { replayed: boolean }> {
  constructor(
    private readonly writer: WritePath,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
    @Inject(EVENT_STORE) private readonly events: EventStore,
  ) {}

  async execute({ subject, reason, envelope }: ErasePersonalDataCommand): Promise<PersonalDataErasedDto & { replayed: boolean }> {
    const keyId = await this.vault.keyIdOf(subject);
    if (keyId === null) throw subjectUnknown();
    const stream = personalDataErasureStream(keyId);
    const recorded = (await this.events.readStream(stream)).find((event) => event.type === 'PersonalDataErased');
    const outcome = recorded !== undefined ? { replayed: true, revision: recorded.revision, position: recorded.position, events: [recorded] } : await this.record(keyId, reason, envelope);
    const erased = outcome.events.at(-1) as WriteOutcome['events'][number];
    const data = erased.data as unknown as PersonalDataErased['data'];
    try {
      await this.vault.erase(keyId, { erasureId: erased.metadata.eventId, erasedAt: erased.metadata.occurredAt });
    } catch (error) {
      throw erasurePending(erased.metadata.eventId, error instanceof Error ? error.message : String(error));
    }
    if (this.events instanceof RevealingEventStore) this.events.forget(keyId);
    // This process's folded streams still hold what was read before: they are read again.
    for (const stream of data.streams) this.writer.cache.forget(stream);
    return { erasureId: erased.metadata.eventId, keyId, streams: [...data.streams], revision: outcome.revision, position: outcome.position, replayed: outcome.replayed };
  }

  private async record(keyId: string, reason: string, envelope: CommandEnvelope): Promise<WriteOutcome> {
    const streams = await this.vault.streamsOf(keyId);
    const command: ErasePersonalData = { type: 'ErasePersonalData', data: { keyId, reason, streams }, context: { actor: envelope.actor, now: envelope.occurredAt } };
    // The Idempotency-Key is bound to the key id and reason: never to the person's name.
    return this.writer.execute({ decider: personalDataErasureDecider, stream: personalDataErasureStream(keyId), schemaVersion: PERSONAL_DATA_ERASURE_SCHEMA_VERSION, envelope, request: { type: command.type, data: { keyId, reason } }, command: () => command });
  }
}

@ApiTag('personal data', 'Personal data: erasing a person\'s data for good (crypto-shredding).')
@ApiBearerAuth()
@ApiCommands({ rules: [PERSONAL_DATA_ERROR_CODES], stream: personalDataErasureStream(SAMPLE_ID), etag: false })
@Controller('personal-data')
export class PersonalDataController {
  constructor(
    private readonly bus: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post('erasures')
  @HttpCode(201)
  @ApiOperation({
    summary: "Erase a person's data (crypto-shredding): every fact that held it reads \"[erased]\" there, the log's chain still verifies, and the erasure is recorded (who, when, why; never whose)", description: 'Erases a person\'s personal data by deleting their key (crypto-shredding): every fact that held it reads "[erased]", and the log\'s hash chain still verifies. The erasure is recorded (who, when, why), never whose. The reason must not name the person.',
  })
  @ApiCreatedResponse({ type: PersonalDataErasedDto, description: 'Erased: the key is deleted; the answer names the erasure, the key id and the streams, never the person' })
  @ApiProblems(subjectUnknown(), erasurePending(SAMPLE_ID, 'the vault could not be reached'))
  async erase(@Body() body: ErasePersonalDataDto, @CurrentPrincipal() who: Principal, @Headers() headers: CommandHeaders, @Res({ passthrough: true }) reply: FastifyReply): Promise<PersonalDataErasedDto> {
    // The reason is recorded for good: it must not carry the name the erasure removes.
    if (normalisedSubject(body.reason).includes(normalisedSubject(body.subject))) throw invalidField('reason', 'must not name the person: it is recorded for good, and the erasure would not erase it');
    const envelope = commandEnvelope(who, headers, this.clock());
    const { replayed, ...erased } = await this.bus.execute<ErasePersonalDataCommand, PersonalDataErasedDto & { replayed: boolean }>(new ErasePersonalDataCommand(body.subject, body.reason, envelope));
    if (replayed) void reply.header('idempotent-replayed', 'true');
    return erased;
  }
}
