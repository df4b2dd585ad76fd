import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty } from '@nestjs/swagger';
import { DEFAULT_PRIORITY_MATRIX, matrixInForce, PRIORITY_MATRICES_STREAM, priorityMatricesDecider } from '@itsm/domain';
import type { EventStore } from '@itsm/event-store';
import { CLOCK, EVENT_STORE, type Clock } from '@itsm/platform';
import { foldStream } from '@itsm/projections';
import { ApiReads } from '../query-docs';

class PriorityMatrixVersionDto {
  @ApiProperty({ example: 'itil-default-2024.1' }) version: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'null for the out-of-the-box matrix, in force before any version' }) effectiveFrom: string | null;
  @ApiProperty({ example: [[1, 2, 3], [2, 3, 4], [3, 4, 5]], type: 'array', items: { type: 'array', items: { type: 'integer' } }, description: 'rows[impact - 1][urgency - 1] = priority' }) rows: number[][];
}

class ImportedMatrixSourceDto {
  @ApiProperty({ example: 'servicenow' }) system: string;
  @ApiProperty({ example: 'acme.service-now.com' }) instance: string;
  @ApiProperty({ example: 'incident-export.csv' }) file: string;
}

class ImportedPriorityMatrixDto {
  @ApiProperty({ example: 'servicenow-acme' }) version: string;
  @ApiProperty({ example: [[1, 2, 3], [2, 3, 4], [3, 4, null]], type: 'array', items: { type: 'array', items: { type: 'integer', nullable: true } }, description: 'rows[impact - 1][urgency - 1] = the priority the source gave; null where it never did' }) rows: (number | null)[][];
  @ApiProperty({ type: ImportedMatrixSourceDto }) source: ImportedMatrixSourceDto;
  @ApiProperty({ example: [[12, 40, 3], [30, 210, 96], [4, 88, 0]], type: 'array', items: { type: 'array', items: { type: 'integer' } }, description: 'How many imported versions showed each cell' }) observed: number[][];
}

class PriorityMatricesDto {
  @ApiProperty({ type: PriorityMatrixVersionDto, description: 'The version pricing incidents now' }) inForce: PriorityMatrixVersionDto;
  @ApiProperty({ type: [PriorityMatrixVersionDto], description: 'Every version, the out-of-the-box one first, in the order they take effect' }) versions: PriorityMatrixVersionDto[];
  @ApiProperty({ type: [ImportedPriorityMatrixDto], description: "Other tools' matrices, read by imports from their incidents' priorities: named by imported priorities, never in force here" }) imported: ImportedPriorityMatrixDto[];
}

/** The priority matrix versions, read from the log (a short stream): what prioritised each incident is on its events. */
@ApiReads('incidents')
@Controller('priority-matrices')
export class PriorityMatricesQueryController {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The priority matrix versions, and the one in force now', description: 'Read from the log: every version of the impact × urgency → priority matrix in the order they take effect, the out-of-the-box one first, the one in force now, and the matrices imports read from other tools (never in force here). Each incident records the version that prioritised it.' })
  @ApiOkResponse({ type: PriorityMatricesDto })
  async list(): Promise<PriorityMatricesDto> {
    const matrices = await foldStream(this.events, PRIORITY_MATRICES_STREAM, priorityMatricesDecider);
    const view = (matrix: { version: string; rows: readonly (readonly number[])[]; effectiveFrom?: string }) => ({ version: matrix.version, effectiveFrom: matrix.effectiveFrom ?? null, rows: matrix.rows.map((row) => [...row]) });
    const imported = matrices.imported.map(({ version, rows, source, observed }) => ({ version, rows: rows.map((row) => [...row]), source, observed: observed.map((row) => [...row]) }));
    return { inForce: view(matrixInForce(matrices, this.clock().toISOString())), versions: [view(DEFAULT_PRIORITY_MATRIX), ...matrices.versions.map(view)], imported };
  }
}
