import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { SingleLine } from '@itsm/platform';
import { PageQueryDto } from '../page-query.dto';
import { SAMPLE } from '../examples';

const POSITION = /^\d{20}(-\d{20})?$/;

export class VerifyQueryDto {
  @ApiPropertyOptional({ description: 'Verify one stream: its chain, and each event against the checkpoint that covers it' })
  @IsOptional() @IsString() @SingleLine() @Length(1, 200)
  stream?: string;

  @ApiPropertyOptional({ description: 'Verify from this log position (from the checkpoint at or before it, so its running hash can be checked)' })
  @IsOptional() @Matches(POSITION, { message: 'from must be a log position' })
  from?: string;

  @ApiPropertyOptional({ description: 'Verify up to and including this log position' })
  @IsOptional() @Matches(POSITION, { message: 'to must be a log position' })
  to?: string;
}

export class CheckpointPageQueryDto extends PageQueryDto {}

/** Named apart from the history’s IntegrityBreakDto: two schemas of one name would overwrite each other in the document. */
export class LogBreakDto {
  @ApiProperty({ example: SAMPLE.position }) position: string;
  @ApiProperty({ nullable: true, type: String }) stream: string | null;
  @ApiProperty({ nullable: true, type: Number }) revision: number | null;
  @ApiProperty({
    enum: [
      'hash_mismatch', 'prev_hash_mismatch', 'revision_gap', 'missing_event', 'unexpected_event', 'fingerprint_mismatch', 'running_hash_mismatch',
      'checkpoint_signature_invalid', 'checkpoint_untrusted_key', 'checkpoint_missing', 'checkpoint_differs_from_copy', 'checkpoint_malformed',
    ],
  })
  reason: string;
  @ApiProperty({ example: 'The stored hash does not match the event' }) detail: string;
}

export class VerifyReportDto {
  @ApiProperty({ example: true }) ok: boolean;
  @ApiProperty({ example: 1234 }) eventsChecked: number;
  @ApiProperty({ example: 12 }) checkpointsChecked: number;
  @ApiProperty({ type: LogBreakDto, nullable: true }) firstBreak: LogBreakDto | null;
  @ApiProperty({ example: 'the whole log', description: 'What was verified: the whole log, a range, or one stream' }) scope: string;
  @ApiProperty({ example: SAMPLE.later }) verifiedAt: string;
}

export class LogCheckpointDto {
  @ApiProperty({ example: 12 }) sequence: number;
  @ApiProperty({ nullable: true, type: String, description: "The previous checkpoint's position (exclusive)" }) fromPosition: string | null;
  @ApiProperty({ example: SAMPLE.position, description: 'The last event covered' }) position: string;
  @ApiProperty({ example: 1234, description: 'Events from the start of the log to position' }) eventCount: number;
  @ApiProperty({ example: SAMPLE.hash, description: 'SHA-256 chained over every event fingerprint from the start of the log' }) runningHash: string;
  @ApiProperty({ example: [`${SAMPLE.position} 9f2c4e6a8b0d1f3a`], type: [String], description: '"<position> <16 hex digits of the fingerprint>" per event covered' }) entries: string[];
  @ApiProperty({ example: SAMPLE.later }) signedAt: string;
  @ApiProperty({ example: 'k-3f9a1c' }) keyId: string;
  @ApiProperty({ enum: ['Ed25519'] }) algorithm: string;
  @ApiProperty({ example: 'MEUCIQDx…', description: 'Ed25519 over the canonical JSON of every other field, base64' }) signature: string;
}

export class LogCheckpointPageDto {
  @ApiProperty({ type: [LogCheckpointDto] }) items: LogCheckpointDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class PublicKeyDto {
  @ApiProperty({ enum: ['Ed25519'] }) algorithm: string;
  @ApiProperty({ example: 'k-3f9a1c' }) keyId: string;
  @ApiProperty({ example: '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA…\n-----END PUBLIC KEY-----\n', description: 'SPKI PEM' }) publicKey: string;
  @ApiProperty({ example: { 'k-3f9a1c': '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA…\n-----END PUBLIC KEY-----\n' }, description: 'Every key whose checkpoints are trusted (the current one first), by key id' }) trustedKeys: Record<string, string>;
}
