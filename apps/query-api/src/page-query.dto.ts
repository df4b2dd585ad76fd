import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/** Paging and read-your-writes, accepted by every list endpoint. */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional() @IsString() @MaxLength(2000)
  cursor?: string;

  @ApiPropertyOptional({ description: 'A position returned by the command API: wait until the read model has passed it' })
  @IsOptional() @IsString()
  consistentWith?: string;
}

export class ConsistencyQueryDto {
  @ApiPropertyOptional({ description: 'A position returned by the command API: wait until the read model has passed it' })
  @IsOptional() @IsString()
  consistentWith?: string;
}

export const DEFAULT_PAGE_SIZE = 50;
