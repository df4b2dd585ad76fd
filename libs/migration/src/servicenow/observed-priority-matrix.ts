import { PRIORITY_MATRICES_STREAM, type ImportedIncidentReading, type ImportedPriorityMatrix, type Priority } from '@itsm/domain';
import { appendSystemFact, ConcurrencyError, type EventStore, type Json } from '@itsm/event-store/port';

/** What the recorded matrix version is named, where it was read, and by whom and when it is recorded. */
export interface MatrixRecording {
  readonly version: string;
  readonly system: string;
  readonly instance: string;
  readonly file: string;
  readonly fileSha256: string;
  readonly recordedBy: string;
  readonly at: string;
}

/**
 * Another tool's priority matrix, read from the priorities its incidents were given: how often each
 * (impact, urgency) had each priority; for each cell the priority most often given, null where none was.
 */
export class ObservedPriorityMatrix {
  private readonly cells = Array.from({ length: 3 }, () => Array.from({ length: 3 }, () => [0, 0, 0, 0, 0]));

  observe(reading: ImportedIncidentReading): void {
    this.cells[reading.impact - 1]![reading.urgency - 1]![reading.priority - 1]! += 1;
  }

  /** The matrix as read; `disagreeing` counts the versions whose priority is not their cell's. */
  read(): { rows: (Priority | null)[][]; observed: number[][]; disagreeing: number } {
    let disagreeing = 0;
    const rows = this.cells.map((row) =>
      row.map((counts) => {
        const total = counts.reduce((sum, n) => sum + n, 0);
        if (total === 0) return null;
        const most = counts.indexOf(Math.max(...counts));
        disagreeing += total - counts[most]!;
        return (most + 1) as Priority;
      }),
    );
    return { rows, observed: this.cells.map((row) => row.map((counts) => counts.reduce((sum, n) => sum + n, 0))), disagreeing };
  }

  /**
   * Records the matrix as its own version, merged with what earlier imports of the instance read
   * (another export adds cells, never takes them away; a file already counted is not counted again),
   * unless the log has it so already.
   */
  async record(store: EventStore, recording: MatrixRecording): Promise<{ rows: (Priority | null)[][]; disagreeing: number }> {
    const read = this.read();
    if (read.observed.every((row) => row.every((n) => n === 0))) return { rows: read.rows, disagreeing: read.disagreeing };
    const source = { system: recording.system, instance: recording.instance, file: recording.file };
    for (let attempt = 0; attempt < 5; attempt++) {
      const recorded = await store.readStream(PRIORITY_MATRICES_STREAM);
      const knownEvent = [...recorded].reverse().find((event) => event.type === 'PriorityMatrixImported' && (event.data as unknown as ImportedPriorityMatrix).version === recording.version);
      const known = knownEvent?.data as unknown as ImportedPriorityMatrix | undefined;
      const files = known?.files ?? [];
      if (files.includes(recording.fileSha256)) return { rows: known!.rows.map((row) => [...row]), disagreeing: read.disagreeing };
      let disagreeing = read.disagreeing;
      const rows = read.rows.map((row, i) =>
        row.map((cell, j) => {
          const before = known?.rows[i]?.[j] ?? null;
          if (before !== null && cell !== null && before !== cell) disagreeing += read.observed[i]![j]!;
          return before ?? cell;
        }),
      );
      const observed = read.observed.map((row, i) => row.map((count, j) => count + (known?.observed[i]?.[j] ?? 0)));
      const data = { version: recording.version, rows, source, observed, files: [...files, recording.fileSha256] };
      const fact = { stream: PRIORITY_MATRICES_STREAM, event: { type: 'PriorityMatrixImported', data: data as unknown as Json }, actor: recording.recordedBy, at: recording.at, identity: ['servicenow-matrix', recording.version, recording.fileSha256], schemaVersion: 1 };
      try {
        await appendSystemFact(store, fact, recorded.at(-1) ?? null);
        return { rows, disagreeing };
      } catch (error) {
        if (!(error instanceof ConcurrencyError)) throw error;
      }
    }
    throw new Error('The priority-matrices stream kept moving: run the import again to record the matrix');
  }
}
