import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { keyIdOf, trustedKeys, verifyLog, verifyStream, type EventStore, type TrustedKeys } from '@itsm/event-store';
import { keptLogCheckpoints, listLogCheckpoints, LOG_CHECKPOINTS_KEY } from '@itsm/projections';
import type { ReadStore } from '@itsm/read-store';
import { AUDIT_KEYS, CLOCK, STORED_EVENT_STORE, invalidField, ProblemException, READ_STORE, type AuditKeysProvider, type Clock } from '@itsm/platform';
import { Consistency } from '../consistency';
import { DEFAULT_PAGE_SIZE } from '../page-query.dto';
import { CheckpointPageQueryDto, LogCheckpointPageDto, PublicKeyDto, VerifyQueryDto, VerifyReportDto } from './log-integrity.dto';
import { ApiReads, ApiReadProblems } from '../query-docs';

const streamNotFound = (stream: string) =>
  new ProblemException(
    404,
    'audit.stream_not_found',
    `The log holds no event of stream ${stream}: it never had any, or it was deleted whole. Verify the whole log (no stream) to tell which: the signed checkpoints cover every event that was recorded`,
  );

const rangeEmpty = (from: string | null, to: string | null, head: string | null) =>
  new ProblemException(404, 'audit.range_empty', `The log holds no event from ${from ?? 'its start'} to ${to ?? 'its end'} (it ends at ${head ?? 'no position: it is empty'}): nothing was verified`);

/**
 * Tamper evidence for auditors (ADR 16): the key checkpoints are signed with, the checkpoints
 * themselves to keep outside the system, and verification of the log against them.
 */
@ApiReads('audit')
@Controller('audit')
export class LogIntegrityController {
  constructor(
    // Verification reads the log as stored: it needs no vault, and erasures change nothing it checks.
    @Inject(STORED_EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(AUDIT_KEYS) private readonly keys: AuditKeysProvider,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly consistency: Consistency,
  ) {}

  @Get('public-key')
  @ApiOperation({ summary: 'The Ed25519 public key checkpoints are signed with, and every key still trusted: keep a copy to verify checkpoints yourself', description: 'The key the checkpoints are signed with now, and every key whose checkpoints are still trusted, by key id, as SPKI PEM: keep a copy outside the system to verify checkpoints yourself.' })
  @ApiOkResponse({ type: PublicKeyDto })
  publicKey(): PublicKeyDto {
    const { publicKey, trustedPublicKeys } = this.keys();
    const pem = (key: typeof publicKey) => key.export({ type: 'spki', format: 'pem' }).toString();
    return { algorithm: 'Ed25519', keyId: keyIdOf(publicKey), publicKey: pem(publicKey), trustedKeys: Object.fromEntries(trustedPublicKeys.map((key) => [keyIdOf(key), pem(key)])) };
  }

  @Get('checkpoints')
  @ApiOperation({ summary: 'The signed checkpoints of the whole log, oldest first, a page at a time: copy them out of the system, and verify against your copies later', description: 'Each checkpoint covers the events since the one before: their positions and fingerprints, the running hash from the start of the log, signed with Ed25519. Oldest first, a page at a time: copy them out of the system and verify the log against your copies later.' })
  @ApiOkResponse({ type: LogCheckpointPageDto })
  async checkpoints(@Query() query: CheckpointPageQueryDto): Promise<LogCheckpointPageDto> {
    await this.consistency.await([LOG_CHECKPOINTS_KEY], query.consistentWith);
    const page = await listLogCheckpoints(this.reads, { limit: query.limit ?? DEFAULT_PAGE_SIZE, cursor: query.cursor ?? null });
    return { items: page.items.map((document) => ({ ...document.checkpoint, entries: [...document.checkpoint.entries] })), nextCursor: page.nextCursor };
  }

  @Get('verify')
  @ApiOperation({
    summary: 'Verifies the log: every event against its hash and its stream chain, and against the signed checkpoints (the log’s own and the copies kept beside it); answers the first break',
    description:
      'Checks the whole log, a range of positions (from, to), or one stream: each event against its hash and its stream\'s chain, and the events against the signed checkpoints, the log\'s own and the copies kept beside it. Answers whether it is intact and, if not, the first break and why.',
  })
  @ApiOkResponse({ type: VerifyReportDto })
  @ApiReadProblems(streamNotFound('incident-5f0c8a2e-3b1d-4e6f-9a7c-2d4b6e8f0a1c'), rangeEmpty('00000000000000009000', null, '00000000000000001234'))
  async verify(@Query() query: VerifyQueryDto): Promise<VerifyReportDto> {
    if (query.stream !== undefined && (query.from !== undefined || query.to !== undefined)) throw invalidField('stream', 'verifies one whole stream: give either stream or from/to, not both');
    if (query.from !== undefined && query.to !== undefined && query.to < query.from) throw invalidField('to', 'must not come before from');
    const trusted: TrustedKeys = trustedKeys(this.keys().trustedPublicKeys);
    const keptCopies = await keptLogCheckpoints(this.reads);
    const report =
      query.stream !== undefined
        ? await verifyStream(this.events, query.stream, { trusted, keptCopies })
        : await verifyLog(this.events, { trusted, keptCopies, from: query.from ?? null, to: query.to ?? null });
    // A stream with no events never had any, or was deleted whole: only the whole log's checkpoints can tell which.
    if (query.stream !== undefined && report.eventsChecked === 0 && report.ok) throw streamNotFound(query.stream);
    if (query.stream === undefined && (query.from !== undefined || query.to !== undefined) && report.ok && report.eventsChecked === 0) {
      throw rangeEmpty(query.from ?? null, query.to ?? null, await this.events.headPosition());
    }
    const scope = query.stream !== undefined ? `stream ${query.stream}` : query.from !== undefined || query.to !== undefined ? `positions ${query.from ?? 'start'} to ${query.to ?? 'end'}` : 'the whole log';
    return { ...report, scope, verifiedAt: this.clock().toISOString() };
  }
}
