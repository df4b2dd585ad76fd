import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { DEFAULT_PRIORITY_MATRIX, matrixInForce, PRIORITY_MATRICES_STREAM, priorityMatricesDecider } from '@itsm/domain';
import type { EventStore } from '@itsm/event-store';
import { ApiQueryProblems, CLOCK, EVENT_STORE, type Clock } from '@itsm/platform';
import { foldStream } from '@itsm/projections';

class PriorityMatrixVersionDto {
  @ApiProperty() version: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'null for the out-of-the-box matrix, in force before any version' }) effectiveFrom: string | null;
  @ApiProperty({ type: 'array', items: { type: 'array', items: { type: 'integer' } }, description: 'rows[impact - 1][urgency - 1] = priority' }) rows: number[][];
}

class ImportedMatrixSourceDto {
  @ApiProperty({ example: 'servicenow' }) system: string;
  @ApiProperty() instance: string;
  @ApiProperty() file: string;
}

class ImportedPriorityMatrixDto {
  @ApiProperty({ example: 'servicenow-acme' }) version: string;
  @ApiProperty({ type: 'array', items: { type: 'array', items: { type: 'integer', nullable: true } }, description: 'rows[impact - 1][urgency - 1] = the priority the source gave; null where it never did' }) rows: (number | null)[][];
  @ApiProperty({ type: ImportedMatrixSourceDto }) source: ImportedMatrixSourceDto;
  @ApiProperty({ type: 'array', items: { type: 'array', items: { type: 'integer' } }, description: 'How many imported versions showed each cell' }) observed: number[][];
}

class PriorityMatricesDto {
  @ApiProperty({ type: PriorityMatrixVersionDto, description: 'The version pricing incidents now' }) inForce: PriorityMatrixVersionDto;
  @ApiProperty({ type: [PriorityMatrixVersionDto], description: 'Every version, the out-of-the-box one first, in the order they take effect' }) versions: PriorityMatrixVersionDto[];
  @ApiProperty({ type: [ImportedPriorityMatrixDto], description: "Other tools' matrices, read by imports from their incidents' priorities: named by imported priorities, never in force here" }) imported: ImportedPriorityMatrixDto[];
}

/** The priority matrix versions, read from the log (a short stream): what prioritised each incident is on its events. */
@ApiTags('incidents')
@ApiBearerAuth()
@ApiQueryProblems()
@Controller('priority-matrices')
export class PriorityMatricesQueryController {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The priority matrix versions, and the one in force now' })
  @ApiOkResponse({ type: PriorityMatricesDto })
  async list(): Promise<PriorityMatricesDto> {
    const matrices = await foldStream(this.events, PRIORITY_MATRICES_STREAM, priorityMatricesDecider);
    const view = (matrix: { version: string; rows: readonly (readonly number[])[]; effectiveFrom?: string }) => ({ version: matrix.version, effectiveFrom: matrix.effectiveFrom ?? null, rows: matrix.rows.map((row) => [...row]) });
    const imported = matrices.imported.map(({ version, rows, source, observed }) => ({ version, rows: rows.map((row) => [...row]), source, observed: observed.map((row) => [...row]) }));
    return { inForce: view(matrixInForce(matrices, this.clock().toISOString())), versions: [view(DEFAULT_PRIORITY_MATRIX), ...matrices.versions.map(view)], imported };
  }
}
