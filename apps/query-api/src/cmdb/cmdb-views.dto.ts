import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { IsInstant } from '@itsm/platform';
import { CI_RELATIONSHIP_TYPE_IDS, CI_STATUSES, type CiStatus } from '@itsm/domain';
import { CI_RELATIONSHIP_DIRECTIONS, type CiRelationshipDirection, type ConfigurationItemListFilter } from '@itsm/projections';
import { AnyOf, AnyText, underEitherName } from '../list-filter';
import { PageQueryDto } from '../page-query.dto';
import { ReflectsDto } from '../history/record-past.dto';
import { SAMPLE } from '../examples';

const attributes = { type: 'object', additionalProperties: true, example: { os: 'linux' } } as const;

/** Named after the fields of the CIs listed; each takes one value or several. */
export class CiListQueryDto extends PageQueryDto {
  @AnyText({ description: 'Only CIs of these classes', example: 'server' }) ciClass?: string[];
  @AnyOf(CI_STATUSES, { description: 'Only CIs in these statuses', example: 'in_use' }) status?: CiStatus[];
  @AnyText({ description: 'Only CIs owned by these groups', example: 'infrastructure' }) ownerGroup?: string[];
  @AnyText({ description: 'CI class', deprecatedFor: 'ciClass' }) class?: string[];
  @AnyText({ description: 'Owner group', deprecatedFor: 'ownerGroup' }) group?: string[];
}

/** The list's filters as the query function takes them, from the names or their deprecated aliases. */
export function ciListFilter(query: CiListQueryDto): ConfigurationItemListFilter {
  return {
    ciClass: underEitherName({ ciClass: query.ciClass, class: query.class }, 'ciClass', 'class'),
    status: query.status,
    ownerGroup: underEitherName({ ownerGroup: query.ownerGroup, group: query.group }, 'ownerGroup', 'group'),
  };
}

export class CmdbAsOfQueryDto extends PageQueryDto {
  @ApiProperty({ format: 'date-time', description: 'The instant (inclusive)', example: '2026-03-02T08:30:00Z' })
  @IsInstant()
  at: string;
  @AnyText({ description: 'Only these CIs (by id), and the relationships with either end among them', example: '6f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f' }) ciId?: string[];
  @AnyText({ description: 'CI ids', deprecatedFor: 'ciId' }) ci?: string[];
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
  @ApiProperty({ example: SAMPLE.otherCiId }) otherCiId: string;
}

export class CiRelationshipPageDto {
  @ApiProperty({ type: [CiRelationshipViewDto] }) items: CiRelationshipViewDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last' }) nextCursor: string | null;
}

class CiRelationshipCountsDto {
  @ApiProperty({ example: 2 }) outgoing: number;
  @ApiProperty({ example: 5 }) incoming: number;
}

export class CiDto {
  @ApiProperty({ example: SAMPLE.ciId, format: 'uuid' }) id: string;
  @ApiProperty({ example: 'mx1' }) name: string;
  @ApiProperty({ example: 'server' }) ciClass: string;
  @ApiProperty({ example: false }) isService: boolean;
  @ApiProperty({ enum: [1, 2, 3, 4], description: '1 critical … 4 low' }) criticality: number;
  @ApiProperty({ enum: CI_STATUSES }) status: string;
  @ApiProperty({ example: 'messaging' }) ownerGroup: string;
  @ApiProperty(attributes) attributes: Record<string, unknown>;
  @ApiProperty({ example: SAMPLE.at, format: 'date-time' }) registeredAt: string;
  @ApiProperty({ example: 'carl' }) registeredBy: string;
  @ApiProperty({ example: SAMPLE.later, format: 'date-time' }) updatedAt: string;
  @ApiProperty({ example: 'carl' }) updatedBy: string;
  @ApiProperty({ example: 3, description: 'Use it as If-Match' }) revision: number;
}

class CiWorkItemDto {
  @ApiProperty({ example: SAMPLE.incidentId }) id: string;
  @ApiProperty({ type: String, nullable: true, example: 'INC0010001', description: 'INC… or CHG…' }) number: string | null;
  @ApiProperty({ example: 'Mail is not delivered' }) title: string;
  @ApiProperty({ example: SAMPLE.at, format: 'date-time' }) openedAt: string;
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
  @ApiProperty({ example: SAMPLE.ciId }) sourceCiId: string;
  @ApiProperty({ enum: CI_RELATIONSHIP_TYPE_IDS }) type: string;
  @ApiProperty({ example: SAMPLE.otherCiId }) targetCiId: string;
}

class CiAsOfDto {
  @ApiProperty({ example: SAMPLE.ciId }) ciId: string;
  @ApiProperty({ example: 'mx1' }) name: string;
  @ApiProperty({ example: 'server' }) ciClass: string;
  @ApiProperty({ enum: CI_STATUSES }) status: string;
  @ApiProperty({ example: 'messaging' }) ownerGroup: string;
  @ApiProperty(attributes) attributes: Record<string, unknown>;
}

export class CmdbAsOfDto {
  @ApiProperty({ example: '2026-03-02T08:30:00.000Z', format: 'date-time' }) at: string;
  @ApiProperty({ type: [CiAsOfDto], description: 'A page of the CIs, by id' }) configurationItems: CiAsOfDto[];
  @ApiProperty({ type: [CiEdgeDto], description: "The relationships whose first listed end (by id) is on this page: over all pages, each once" }) relationships: CiEdgeDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor (with the same at and ciId) for the next page; null on the last' }) nextCursor: string | null;
}
