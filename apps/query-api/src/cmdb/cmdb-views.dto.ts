import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import { CI_RELATIONSHIP_TYPE_IDS, CI_STATUSES, type CiStatus } from '@itsm/domain';
import { ConsistencyQueryDto, PageQueryDto } from '../page-query.dto';

const attributes = { type: 'object', additionalProperties: true, example: { os: 'linux' } } as const;

export class CiListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'CI class, e.g. server' }) @IsOptional() @IsString() @MaxLength(100) class?: string;
  @ApiPropertyOptional({ enum: CI_STATUSES }) @IsOptional() @IsIn([...CI_STATUSES]) status?: CiStatus;
  @ApiPropertyOptional({ description: 'Owner group' }) @IsOptional() @IsString() @MaxLength(100) group?: string;
}

export class CmdbAsOfQueryDto extends ConsistencyQueryDto {
  @ApiProperty({ format: 'date-time', description: 'The instant (inclusive)', example: '2026-03-02T08:30:00Z' })
  @IsISO8601({ strict: true })
  at: string;
  @ApiPropertyOptional({ description: 'Comma-separated CI ids: only these CIs and their relationships' }) @IsOptional() @IsString() @MaxLength(4000) ci?: string;
}

class CiRelationshipViewDto {
  @ApiProperty({ enum: CI_RELATIONSHIP_TYPE_IDS }) type: string;
  @ApiProperty({ enum: ['outgoing', 'incoming'] }) direction: string;
  @ApiProperty({ example: 'Runs on' }) label: string;
  @ApiProperty() otherCiId: string;
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
  @ApiProperty({ type: [CiRelationshipViewDto] }) relationships: CiRelationshipViewDto[];
  @ApiProperty({ format: 'date-time' }) registeredAt: string;
  @ApiProperty() registeredBy: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty() updatedBy: string;
  @ApiProperty({ description: 'Use it as If-Match' }) revision: number;
}

class CiWorkItemDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'date-time' }) openedAt: string;
}

export class CiDetailDto extends CiDto {
  @ApiProperty({ type: [CiWorkItemDto] }) openIncidents: CiWorkItemDto[];
  @ApiProperty({ type: [CiWorkItemDto] }) openChanges: CiWorkItemDto[];
}

export class CiPageDto {
  @ApiProperty({ type: [CiDto] }) items: CiDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

class CiEdgeDto {
  @ApiProperty() sourceCiId: string;
  @ApiProperty({ enum: CI_RELATIONSHIP_TYPE_IDS }) type: string;
  @ApiProperty() targetCiId: string;
}

class ImpactedCiDto {
  @ApiProperty() ciId: string;
  @ApiProperty({ type: String, nullable: true }) ciClass: string | null;
  @ApiProperty({ enum: CI_STATUSES, nullable: true }) status: string | null;
  @ApiProperty({ description: 'Hops from the failed CI' }) depth: number;
  @ApiProperty({ type: [CiEdgeDto], description: 'Relationships followed, from the failed CI outwards' }) path: CiEdgeDto[];
}

export class CiImpactDto {
  @ApiProperty() failedCiId: string;
  @ApiProperty({ type: [ImpactedCiDto], description: 'Nearest first' }) impacted: ImpactedCiDto[];
  @ApiProperty({ type: [ImpactedCiDto], description: 'The impacted CIs that are services' }) services: ImpactedCiDto[];
}

class CiHistoryEventDto {
  @ApiProperty() type: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) data: Record<string, unknown>;
  @ApiProperty({ description: 'The authenticated principal who caused it' }) actor: string;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty() revision: number;
  @ApiProperty() position: string;
}

export class CiHistoryDto {
  @ApiProperty() ciId: string;
  @ApiProperty({ type: [CiHistoryEventDto] }) events: CiHistoryEventDto[];
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
