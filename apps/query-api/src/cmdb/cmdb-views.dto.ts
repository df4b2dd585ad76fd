import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsInstant, SingleLine } from '@itsm/platform';
import { CI_RELATIONSHIP_TYPE_IDS, CI_STATUSES, type CiStatus } from '@itsm/domain';
import { CI_RELATIONSHIP_DIRECTIONS, type CiRelationshipDirection } from '@itsm/projections';
import { ConsistencyQueryDto, PageQueryDto } from '../page-query.dto';
import { ReflectsDto } from '../history/record-past.dto';

const attributes = { type: 'object', additionalProperties: true, example: { os: 'linux' } } as const;

export class CiListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'CI class, e.g. server' }) @IsOptional() @IsString() @MaxLength(100) @SingleLine() class?: string;
  @ApiPropertyOptional({ enum: CI_STATUSES }) @IsOptional() @IsIn([...CI_STATUSES]) status?: CiStatus;
  @ApiPropertyOptional({ description: 'Owner group' }) @IsOptional() @IsString() @MaxLength(100) @SingleLine() group?: string;
}

export class CmdbAsOfQueryDto extends ConsistencyQueryDto {
  @ApiProperty({ format: 'date-time', description: 'The instant (inclusive)', example: '2026-03-02T08:30:00Z' })
  @IsInstant()
  at: string;
  @ApiPropertyOptional({ description: 'Comma-separated CI ids: only these CIs and their relationships' }) @IsOptional() @IsString() @MaxLength(4000) @SingleLine() ci?: string;
}

export class CiRelationshipsQueryDto extends PageQueryDto {
  @ApiProperty({ enum: CI_RELATIONSHIP_DIRECTIONS, description: 'outgoing: recorded on this CI (by type, then target); incoming: recorded on others (by source)' })
  @IsIn([...CI_RELATIONSHIP_DIRECTIONS])
  direction: CiRelationshipDirection;
}

class CiRelationshipViewDto {
  @ApiProperty({ enum: CI_RELATIONSHIP_TYPE_IDS }) type: string;
  @ApiProperty({ enum: CI_RELATIONSHIP_DIRECTIONS }) direction: string;
  @ApiProperty({ example: 'Runs on' }) label: string;
  @ApiProperty() otherCiId: string;
}

export class CiRelationshipPageDto {
  @ApiProperty({ type: [CiRelationshipViewDto] }) items: CiRelationshipViewDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last' }) nextCursor: string | null;
}

class CiRelationshipCountsDto {
  @ApiProperty() outgoing: number;
  @ApiProperty() incoming: number;
}

export class CiDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() ciClass: string;
  @ApiProperty() isService: boolean;
  @ApiProperty({ enum: [1, 2, 3, 4], description: '1 critical … 4 low' }) criticality: number;
  @ApiProperty({ enum: CI_STATUSES }) status: string;
  @ApiProperty() ownerGroup: string;
  @ApiProperty(attributes) attributes: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) registeredAt: string;
  @ApiProperty() registeredBy: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty() updatedBy: string;
  @ApiProperty({ description: 'Use it as If-Match' }) revision: number;
}

class CiWorkItemDto {
  @ApiProperty() id: string;
  @ApiProperty({ type: String, nullable: true, example: 'INC0010001', description: 'INC… or CHG…' }) number: string | null;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'date-time' }) openedAt: string;
}

export class CiDetailDto extends CiDto {
  @ApiProperty({ type: [CiRelationshipViewDto], description: 'The first 20 each way; GET /cis/{id}/relationships pages them all' })
  relationships: CiRelationshipViewDto[];
  @ApiProperty({ type: CiRelationshipCountsDto }) relationshipCounts: CiRelationshipCountsDto;
  @ApiProperty({ type: [CiWorkItemDto] }) openIncidents: CiWorkItemDto[];
  @ApiProperty({ type: [CiWorkItemDto] }) openChanges: CiWorkItemDto[];
  @ApiPropertyOptional({ type: ReflectsDto, description: 'Only with ?asOf or ?atRevision: the point of the log this past state reflects, and whether the log is intact' }) reflects?: ReflectsDto;
}

export class CiPageDto {
  @ApiProperty({ type: [CiDto] }) items: CiDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class CiEdgeDto {
  @ApiProperty() sourceCiId: string;
  @ApiProperty({ enum: CI_RELATIONSHIP_TYPE_IDS }) type: string;
  @ApiProperty() targetCiId: string;
}

class CiAsOfDto {
  @ApiProperty() ciId: string;
  @ApiProperty() name: string;
  @ApiProperty() ciClass: string;
  @ApiProperty({ enum: CI_STATUSES }) status: string;
  @ApiProperty() ownerGroup: string;
  @ApiProperty(attributes) attributes: Record<string, unknown>;
}

export class CmdbAsOfDto {
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: [CiAsOfDto] }) configurationItems: CiAsOfDto[];
  @ApiProperty({ type: [CiEdgeDto] }) relationships: CiEdgeDto[];
}
