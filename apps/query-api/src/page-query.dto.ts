import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { HISTORY_ORDERS, type HistoryOrder, type HistoryPageRequest, type PageRequest } from '@itsm/projections';

/** The most items any list answers at once (OWASP API4): a larger limit is refused, not trimmed. */
export const MAX_PAGE_SIZE = 200;

/** Paging and read-your-writes, accepted by every list endpoint. */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 50 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional() @IsString() @MaxLength(2000)
  cursor?: string;

  @ApiPropertyOptional({ description: 'A position returned by the command API: wait until the read model has passed it' })
  @IsOptional() @IsString()
  consistentWith?: string;
}

/** Paging through one ticket's history (notes, approvals timeline), either way. */
export class HistoryPageQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: HISTORY_ORDERS, default: 'asc', description: 'asc: oldest first, as it happened; desc: newest first' })
  @IsOptional() @IsIn([...HISTORY_ORDERS])
  order?: HistoryOrder;
}

export class ConsistencyQueryDto {
  @ApiPropertyOptional({ description: 'A position returned by the command API: wait until the read model has passed it' })
  @IsOptional() @IsString()
  consistentWith?: string;
}

export const DEFAULT_PAGE_SIZE = 50;

/** A list in a query string: `?type=A&type=B`, `?type=A,B` and a mix of both all mean [A, B]. */
export const toList = ({ value }: { value: unknown }) => (Array.isArray(value) ? value : [value]).flatMap((item: unknown) => (typeof item === 'string' ? item.split(',') : [item]));

/** The page a query function reads, from the query string (defaults applied). */
export function page(query: PageQueryDto): PageRequest {
  return { limit: query.limit ?? DEFAULT_PAGE_SIZE, cursor: query.cursor ?? null };
}

/** The same, for one ticket's history, which may also be read newest first. */
export function historyPage(query: HistoryPageQueryDto): HistoryPageRequest {
  return { limit: query.limit ?? DEFAULT_PAGE_SIZE, cursor: query.cursor ?? null, order: query.order ?? 'asc' };
}
