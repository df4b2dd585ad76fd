import { Body, Controller, Get, Headers, HttpCode, Inject, Param, ParseUUIDPipe, Post, Res, StreamableFile } from '@nestjs/common';
import { ApiAcceptedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, Max, Min, ValidateIf } from 'class-validator';
import type { FastifyReply } from 'fastify';
import type { AppConfig } from '@itsm/config';
import { APP_CONFIG, AUDIT_KEYS, CLOCK, CurrentPrincipal, invalidField, IsInstant, ProblemException, type AuditKeysProvider, type Clock, type Principal } from '@itsm/platform';
import { SAMPLE } from '../examples';
import { EvidencePackJobs, EvidencePacksBusyError, type EvidencePackJob } from './evidence-pack-jobs';
import { ApiReads, ApiReadProblems } from '../query-docs';

export class EvidencePackRequestDto {
  @ApiProperty({ format: 'date-time', example: '2026-03-01T00:00:00Z', description: 'The period starts here (inclusive)' })
  @IsInstant()
  from: string;

  @ApiProperty({ format: 'date-time', example: '2026-04-01T00:00:00Z', description: 'The period ends here (exclusive); not in the future, so the pack is final' })
  @IsInstant()
  to: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 365, default: 5, description: "Days after implementation within which an emergency change's retrospective review is due" })
  @ValidateIf((_, value) => value !== undefined) @IsInt() @Min(0) @Max(365)
  retrospectiveReviewDays?: number;
}

export class EvidencePackJobDto {
  @ApiProperty({ example: SAMPLE.jobId, format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['running'], description: 'A made pack is answered as the zip, a failed one as problem+json' }) status: string;
  @ApiProperty({ example: '2026-03-01T00:00:00.000Z', format: 'date-time' }) from: string;
  @ApiProperty({ example: '2026-04-01T00:00:00.000Z', format: 'date-time' }) to: string;
  @ApiProperty({ example: 5 }) retrospectiveReviewDays: number;
  @ApiProperty({ example: 'audrey' }) requestedBy: string;
  @ApiProperty({ example: SAMPLE.later, format: 'date-time' }) requestedAt: string;
  @ApiProperty({ example: '/evidence-packs/0b5e…', description: 'Where to fetch the pack: 200 with the zip when ready, 202 with this while it is made' }) location: string;
}

const ZIP = { 'application/zip': { schema: { type: 'string', format: 'binary' } } };
const RETRY_AFTER_SECONDS = '2';

const busy = (why: string) => new ProblemException(429, 'evidence.busy', why, undefined, { 'retry-after': '10' });
const failed = (why: string) => new ProblemException(500, 'evidence.failed', `The pack could not be made: ${why}`);
const noSigningKey = () =>
  new ProblemException(503, 'evidence.no_signing_key', 'A pack is signed with the checkpoint key, and this query API holds only the public key: give it AUDIT_SIGNING_KEY_FILE, or run npm run -s evidence where the projector runs');
const jobNotFound = (id: string) =>
  new ProblemException(404, 'evidence.job_not_found', `No evidence pack ${id}: unknown, or expired (a made pack is kept an hour, and jobs do not survive a restart); ask for it again, it is computed from the log`);

/**
 * ISO/IEC 20000-1 evidence packs over HTTP, as `npm run -s evidence` makes them: the same pack, signed
 * with the checkpoint key. A short period is answered with the zip; a longer one (or `Prefer:
 * respond-async`) with a job to poll.
 */
@ApiReads('compliance')
@Controller('evidence-packs')
export class EvidencePacksController {
  constructor(
    private readonly jobs: EvidencePackJobs,
    @Inject(AUDIT_KEYS) private readonly keys: AuditKeysProvider,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Make the evidence pack of [from, to): per clause (8.2.6, 8.3.3, 8.5.1, 8.6.1) the records and nonconformities in JSON and CSV, report.html and the signed manifest, zipped. ' +
      'Answered with the zip when made within the wait; otherwise (or with Prefer: respond-async) 202 with a job to poll at its Location',
    description:
      'Makes the ISO/IEC 20000-1 evidence pack of a closed period from the log, as npm run -s evidence does, signed with the checkpoint key. A short period is answered with the zip; a longer one, or Prefer: respond-async, with 202 and the job to poll at Location.',
  })
  @ApiHeader({ name: 'Prefer', required: false, description: '`respond-async`: answer 202 with the job at once instead of waiting for the pack' })
  @ApiOkResponse({ description: 'The pack, a zip; check it with npm run -s evidence:verify. Location names the job', content: ZIP })
  @ApiAcceptedResponse({ type: EvidencePackJobDto, description: 'Being made: poll Location (Retry-After says when)' })
  @ApiReadProblems(busy('As many packs are being made as this process makes at once (2): ask again shortly'), failed('the log could not be read'), noSigningKey())
  async make(@Body() body: EvidencePackRequestDto, @CurrentPrincipal() who: Principal, @Headers('prefer') prefer: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    const from = new Date(body.from).toISOString();
    const to = new Date(body.to).toISOString();
    if (to <= from) throw invalidField('to', 'must be after from');
    if (to > this.clock().toISOString()) throw invalidField('to', 'must not be in the future: a pack of a period still open would change');
    const signingKey = this.keys().signingKey;
    if (signingKey === null) throw noSigningKey();
    let job: EvidencePackJob;
    try {
      job = this.jobs.start({ from, to, retrospectiveReviewDays: body.retrospectiveReviewDays ?? 5, requestedBy: who.subject }, signingKey);
    } catch (error) {
      if (error instanceof EvidencePacksBusyError) throw busy(error.message);
      throw error;
    }
    const respondAsync = /(^|[\s,])respond-async($|[\s,;])/i.test(prefer ?? '');
    return this.answer((await this.jobs.waitFor(job.id, respondAsync ? 0 : this.config.evidencePacks.waitMs)) ?? job, reply);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'An evidence pack you asked for: 200 with the zip when made, 202 with the job while it is being made (another person\'s: 404)',
    description: 'Polls a pack asked for with POST /evidence-packs: the zip once made, the job (with Retry-After) while it is being made. A pack is only for who asked for it; to anyone else it does not exist. A made pack is kept an hour.',
  })
  @ApiOkResponse({ description: 'The pack, a zip', content: ZIP })
  @ApiAcceptedResponse({ type: EvidencePackJobDto, description: 'Being made: poll again (Retry-After says when)' })
  @ApiReadProblems(failed('the log could not be read'), jobNotFound(SAMPLE.jobId))
  get(@Param('id', new ParseUUIDPipe({ exceptionFactory: () => invalidField('id', 'must be a UUID') })) id: string, @CurrentPrincipal() who: Principal, @Res({ passthrough: true }) reply: FastifyReply) {
    const found = this.jobs.get(id);
    // A pack is for who asked for it: to anyone else it does not exist.
    const job = found?.requestedBy === who.subject ? found : null;
    if (job === null) throw jobNotFound(id);
    return this.answer(job, reply);
  }

  private answer(job: EvidencePackJob, reply: FastifyReply): StreamableFile | EvidencePackJobDto {
    const location = `/evidence-packs/${job.id}`;
    void reply.header('location', location);
    switch (job.status) {
      case 'ready':
        void reply.status(200);
        return new StreamableFile(Buffer.from(job.zip), { type: 'application/zip', disposition: `attachment; filename="evidence-${job.from.slice(0, 10)}-${job.to.slice(0, 10)}.zip"`, length: job.zip.byteLength });
      case 'failed':
        throw failed(job.error);
      case 'running': {
        void reply.status(202).header('retry-after', RETRY_AFTER_SECONDS);
        const { id, status, from, to, retrospectiveReviewDays, requestedBy, requestedAt } = job;
        return { id, status, from, to, retrospectiveReviewDays, requestedBy, requestedAt, location };
      }
    }
  }
}
