import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { CI_STATUSES } from '@itsm/domain';
import { PageQueryDto } from '../page-query.dto';
import { CiEdgeDto } from './cmdb-views.dto';
import { SAMPLE } from '../examples';

export class CiImpactQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Also answer the whole path from this CI out to that one (null when it is not impacted)' })
  @IsOptional() @IsUUID()
  pathTo?: string;
}

class ImpactedCiDto {
  @ApiProperty({ example: SAMPLE.otherCiId }) ciId: string;
  @ApiProperty({ type: String, nullable: true }) ciClass: string | null;
  @ApiProperty({ enum: CI_STATUSES, nullable: true }) status: string | null;
  @ApiProperty({ example: 1, description: 'Hops from the failed CI' }) depth: number;
  @ApiProperty({ type: CiEdgeDto, description: 'The hop that reached it, recorded on this CI; its target is one hop nearer the failed CI' }) via: CiEdgeDto;
}

export class CiImpactDto {
  @ApiProperty({ example: SAMPLE.ciId }) failedCiId: string;
  @ApiProperty({ example: 14, description: 'How many CIs the failure reaches in all' }) total: number;
  @ApiProperty({ type: [ImpactedCiDto], description: 'One page, nearest first, then by id' }) impacted: ImpactedCiDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last' }) nextCursor: string | null;
  @ApiProperty({ type: [ImpactedCiDto], description: 'Every impacted CI that is a service, on every page' }) services: ImpactedCiDto[];
  @ApiPropertyOptional({ type: [CiEdgeDto], nullable: true, description: 'With pathTo: the relationships followed, from the failed CI outwards' }) path?: CiEdgeDto[] | null;
}
