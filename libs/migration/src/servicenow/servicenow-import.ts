import { createHash } from 'node:crypto';
import fs from 'node:fs';
import {
  ERASED,
  incidentStream,
  INCIDENT_EVENT_SCHEMA_VERSION,
  parseRecordNumber,
  type IncidentVersionImported,
  type Priority,
} from '@itsm/domain';
import { appendSystemFact, ConcurrencyError, deterministicId, lastEventOf, sealEvents, type EventStore, type Json, type NewEvent, type PersonalDataSealing } from '@itsm/event-store/port';
import { recordHolding, takeRecordNumber } from '@itsm/write-path';
import { csvRecords, CsvFormatError } from '../csv/csv-rows';
import { localTimeReader, type DateFormat } from '../local-time';
import { ObservedPriorityMatrix } from './observed-priority-matrix';
import { headerProblem, readRow, rowOf, type ServiceNowRow } from './servicenow-format';

export const SERVICENOW_SYSTEM = 'servicenow';
export const IMPORT_COMMAND_TYPE = 'ImportServiceNowIncidentVersion';
/** Each run that recorded something, with its summary: who imported what, when. */
export const IMPORT_RUNS_STREAM = 'import-runs';

export interface ServiceNowImportOptions {
  readonly store: EventStore;
  readonly file: string;
  /** Names the source instance: part of every imported incident's id, so two instances never mix. */
  readonly instance: string;
  readonly timeZone: string;
  readonly dateFormat: DateFormat;
  /** Who runs the import (recorded on every imported version and on the run). */
  readonly importedBy: string;
  readonly clock: () => Date;
  readonly onProgress?: (progress: ImportProgress) => void;
  /** Incidents written at once; the store's group commit makes one transaction of them. */
  readonly inFlight?: number;
  /** Seals the caller's data of each version before it is hashed (ADR 20); the CLI passes the vault's. */
  readonly personalData?: PersonalDataSealing;
}

export interface ImportProgress {
  readonly bytesRead: number;
  readonly totalBytes: number;
  readonly rowsRead: number;
  readonly eventsAppended: number;
}

export interface SkippedRow {
  /** The row's place in the file: 1 for the first after the header. */
  readonly row: number;
  readonly number: string | null;
  readonly reason: string;
}

export interface ImportSummary {
  readonly file: string;
  readonly fileSha256: string;
  readonly instance: string;
  readonly timeZone: string;
  readonly dateFormat: DateFormat;
  readonly rowsRead: number;
  readonly incidents: number;
  readonly eventsAppended: number;
  /** Rows already in the log (a rerun, or the part of a file a killed run had done). */
  readonly versionsAlreadyImported: number;
  /** Versions the export skips (gaps in sys_mod_count), recorded on the version after each gap. */
  readonly versionsMissing: number;
  readonly skipped: { readonly total: number; readonly byReason: Readonly<Record<string, number>>; readonly first: readonly SkippedRow[] };
  /** Numbers another incident held already (another instance's, or one opened here): those incidents are imported and found by id only. The first 100, and how many. */
  readonly numbersHeldElsewhere: { readonly total: number; readonly first: readonly string[] };
  readonly priorityMatrix: { readonly version: string; readonly rows: readonly (readonly (Priority | null)[])[]; readonly disagreeing: number };
  /** The log's position after the import: pass it as consistentWith to read what it brought. */
  readonly position: string | null;
}

/** The file is not one this importer reads (its header, its encoding): nothing was imported. */
export class ImportFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportFormatError';
  }
}

interface Row {
  readonly index: number;
  readonly cells: readonly string[];
}

const LISTED_SKIPS = 100;
const APPEND_CHUNK = 500;

/**
 * Imports a ServiceNow incident audit export (ADR 17): each row one IncidentVersionImported, in file
 * order per incident, read as facts and never refused by our live rules. Idempotent and resumable:
 * an incident's stream says which of the file's rows it holds (the last imported row of this file,
 * or of an earlier export the last sys_mod_count), and only the rows after it are appended, at the
 * stream's revision. Memory stays flat: one incident's rows at a time, a bounded number in flight.
 */
export async function importServiceNowIncidents(options: ServiceNowImportOptions): Promise<ImportSummary> {
  const { store, file, instance } = options;
  const totalBytes = fs.statSync(file).size;
  const fileSha256 = await sha256Of(file);
  const matrixVersion = `${SERVICENOW_SYSTEM}-${instance}`;
  const instantOf = localTimeReader(options.dateFormat, options.timeZone);
  const run = new ImportRun(options, fileSha256, matrixVersion, instantOf);

  let bytesRead = 0;
  async function* text(): AsyncGenerator<string> {
    for await (const chunk of fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
      bytesRead += Buffer.byteLength(chunk as string);
      yield chunk as string;
    }
  }

  // Progress is the bytes of the records handed on, not of the chunks read ahead.
  let consumed = 0;
  let header: string[] | null = null;
  let group: Row[] = [];
  let groupNumber: string | null = null;
  const report = (done = false) => options.onProgress?.({ bytesRead: done ? bytesRead : Math.min(consumed, bytesRead), totalBytes, rowsRead: run.rowsRead, eventsAppended: run.eventsAppended });
  try {
    for await (const record of csvRecords(text())) {
      if (header === null) {
        const problem = headerProblem(record.cells);
        if (problem !== null) throw new ImportFormatError(`${file}: ${problem}`);
        header = record.cells.map((cell, index) => (index === 0 ? cell.replace(/^\uFEFF/, '') : cell).trim());
        continue;
      }
      run.rowsRead++;
      consumed += record.cells.reduce((bytes, cell) => bytes + Buffer.byteLength(cell) + 1, 1);
      const number = record.cells[header.indexOf('number')] ?? '';
      if (number !== groupNumber && group.length > 0) {
        await run.submit(groupNumber!, group, header);
        group = [];
      }
      groupNumber = number;
      group.push({ index: record.index, cells: record.cells });
      if (run.rowsRead % 1000 === 0) report();
    }
  } catch (error) {
    if (error instanceof CsvFormatError) throw new ImportFormatError(`${file}: not readable as CSV at ${error.message}`);
    throw error;
  }
  if (header === null) throw new ImportFormatError(`${file}: empty, no header`);
  if (group.length > 0) await run.submit(groupNumber!, group, header);
  await run.drain();
  report(true);
  const matrix = await run.matrix.record(options.store, { version: matrixVersion, system: SERVICENOW_SYSTEM, instance, file: file.split(/[\\/]/).at(-1)!, fileSha256, recordedBy: options.importedBy, at: options.clock().toISOString() });
  const summary = run.summary(matrix);
  if (summary.eventsAppended > 0) await run.recordRun(summary);
  return { ...summary, position: await store.headPosition() };
}

/** One run's state: what is in flight, and the counts the summary reports. */
class ImportRun {
  rowsRead = 0;
  incidents = 0;
  eventsAppended = 0;
  versionsAlreadyImported = 0;
  versionsMissing = 0;
  skippedTotal = 0;
  readonly skippedByReason: Record<string, number> = {};
  readonly skippedFirst: SkippedRow[] = [];
  readonly numbersHeldElsewhere: string[] = [];
  numbersHeldElsewhereTotal = 0;
  /** The source instance's matrix, as its incidents' priorities show it. */
  readonly matrix = new ObservedPriorityMatrix();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly correlationId: string;

  constructor(
    private readonly options: ServiceNowImportOptions,
    private readonly fileSha256: string,
    private readonly matrixVersion: string,
    private readonly instantOf: (text: string) => string | null,
  ) {
    this.correlationId = deterministicId('servicenow-import-file', options.instance, fileSha256);
  }

  /** Writes one incident's rows, keeping at most `inFlight` incidents in flight (and one per incident). */
  async submit(number: string, rows: readonly Row[], header: readonly string[]): Promise<void> {
    while (this.inFlight.size >= (this.options.inFlight ?? 32)) await Promise.race(this.inFlight.values());
    const before = this.inFlight.get(number) ?? Promise.resolve();
    const work = before.then(() => this.importIncident(number, rows, header)).finally(() => {
      if (this.inFlight.get(number) === work) this.inFlight.delete(number);
    });
    this.inFlight.set(number, work);
    // A failure stops the run at the next submit or at drain; the incidents before it stay imported.
    work.catch(() => undefined);
  }

  async drain(): Promise<void> {
    await Promise.all(this.inFlight.values());
  }

  private skip(row: number, number: string | null, reason: string, kind: string): void {
    this.skippedTotal++;
    this.skippedByReason[kind] = (this.skippedByReason[kind] ?? 0) + 1;
    if (this.skippedFirst.length < LISTED_SKIPS) this.skippedFirst.push({ row, number, reason });
  }

  private async importIncident(number: string, rows: readonly Row[], header: readonly string[]): Promise<void> {
    const { store, instance } = this.options;
    const incidentId = deterministicId('servicenow-incident', instance, number);
    const stream = incidentStream(incidentId);
    const recorded = await store.readStream(stream);
    const imported = recorded.filter((event) => event.type === 'IncidentVersionImported').map((event) => event.data as unknown as IncidentVersionImported['data']);
    // What the stream holds: each version by (sys_mod_count, occurrence), as it was written.
    const held = new Map(imported.map((version) => [versionKey(version.source.sysModCount, version.source.occurrence), version.row]));
    const recordedMissing = new Set(imported.flatMap((version) => version.source.missingVersionsBefore));
    const current = [...imported].reverse().find((version) => !version.source.arrivedLate);
    const last = recorded.at(-1);
    const workedHere = last !== undefined && last.type !== 'IncidentVersionImported';
    if (recorded.length === 0) this.incidents++;

    // Read every row first: a row that cannot be read leaves its version missing, not "in the file".
    const readable: { row: Row; source: ServiceNowRow; read: Extract<ReturnType<typeof readRow>, { ok: true }> }[] = [];
    for (const row of rows) {
      if (row.cells.length !== header.length) {
        this.skip(row.index, number, `has ${row.cells.length} cells, the header has ${header.length}`, 'wrong number of cells');
        continue;
      }
      const source = rowOf(header, row.cells);
      const read = readRow(source, { instantOf: this.instantOf, priorityMatrixVersion: this.matrixVersion });
      if (!read.ok) this.skip(row.index, number, read.reason, read.reason.replace(/ "[^"]*"/g, '').replace(/;.*$/, ''));
      else readable.push({ row, source, read });
    }
    // A version the file holds further on (rows misnumbered, or out of order) is not missing.
    const inFile = new Set(readable.map(({ read }) => read.sysModCount));
    let status = current?.reading.status ?? null;
    let holds = current?.holdNumber ?? 0;
    let resolutions = current?.resolutionNumber ?? 0;
    let highest = Math.max(-1, ...imported.map((version) => version.source.sysModCount));
    const seen = new Map<number, number>();
    const events: NewEvent[] = [];
    let previousHash = last?.metadata.hash ?? null;
    const holdsNumber = recorded.length === 0 ? null : (await recordHolding(store, parseRecordNumber(number)?.number ?? number))?.recordId === incidentId;
    let numberHeld: boolean | null = holdsNumber;

    for (const { row, source, read } of readable) {
      // The file's matrix, from every readable row: a rerun reads the same one.
      this.matrix.observe(read.reading);
      const occurrence = seen.get(read.sysModCount) ?? 0;
      seen.set(read.sysModCount, occurrence + 1);
      const known = held.get(versionKey(read.sysModCount, occurrence));
      if (known !== undefined) {
        if (sameRow(known, source)) this.versionsAlreadyImported++;
        else this.skip(row.index, number, `differs from version ${read.sysModCount} as already imported: an imported version is never rewritten`, 'differs from the version already imported');
        continue;
      }
      if (workedHere) {
        this.skip(row.index, number, `${number} has been worked here since it was imported: later versions are not added on top of that`, 'worked here since imported');
        continue;
      }
      const { reading } = read;
      const arrivedLate = read.sysModCount < highest;
      const missingVersionsBefore = arrivedLate ? [] : range(highest + 1, read.sysModCount).filter((version) => !inFile.has(version));
      if (!arrivedLate) {
        const entered = (into: string) => reading.status === into && status !== into;
        if (entered('on_hold')) holds++;
        if (entered('resolved')) resolutions++;
        status = reading.status;
        highest = Math.max(highest, read.sysModCount);
      }
      const fillsGap = arrivedLate && recordedMissing.has(read.sysModCount);
      this.versionsMissing += missingVersionsBefore.length - (fillsGap ? 1 : 0);
      // The number is taken before the incident's first version is appended.
      if (numberHeld === null) numberHeld = await this.takeNumber(number, incidentId, read.updatedAt);
      const data: IncidentVersionImported['data'] = {
        incidentId,
        number,
        source: {
          system: SERVICENOW_SYSTEM,
          instance,
          file: this.options.file.split(/[\\/]/).at(-1)!,
          fileSha256: this.fileSha256,
          row: row.index,
          sysModCount: read.sysModCount,
          occurrence,
          updatedBy: source.sys_updated_by === '?' ? null : source.sys_updated_by,
          updatedAt: source.sys_updated_at,
          timeZone: this.options.timeZone,
          importedBy: this.options.importedBy,
          missingVersionsBefore,
          arrivedLate,
          fillsGap,
        },
        row: source,
        reading,
        holdsNumber: numberHeld,
        // A late version names no hold or resolution: it starts and ends none.
        holdNumber: arrivedLate || holds === 0 ? null : holds,
        resolutionNumber: arrivedLate || resolutions === 0 ? null : resolutions,
      };
      const commandId = deterministicId('servicenow-import', instance, number, String(read.sysModCount), String(occurrence));
      const version = { type: 'IncidentVersionImported', data: data as unknown as Json };
      const [event] = sealEvents({
        stream,
        events: this.options.personalData === undefined ? [version] : await this.options.personalData.seal(stream, [version]),
        previousHash,
        schemaVersion: INCIDENT_EVENT_SCHEMA_VERSION,
        context: {
          actor: `${SERVICENOW_SYSTEM}:${data.source.updatedBy ?? 'unknown'}`,
          occurredAt: read.updatedAt,
          commandId,
          commandType: IMPORT_COMMAND_TYPE,
          correlationId: this.correlationId,
          causationId: commandId,
        },
      });
      events.push(event!);
      previousHash = event!.metadata.hash;
    }
    let revision = last?.revision ?? -1;
    for (let start = 0; start < events.length; start += APPEND_CHUNK) {
      const chunk = events.slice(start, start + APPEND_CHUNK);
      const result = await store.append(stream, chunk, revision < 0 ? 'no_stream' : revision);
      // The store answers an append of ids it already holds with the earlier append's result: when
      // that differs from ours, another run was first. (When it is the same, it cannot tell: two runs
      // of one file at once both count what one of them wrote. The log itself is right either way.)
      if (result.revision === revision + chunk.length) this.eventsAppended += chunk.length;
      else this.versionsAlreadyImported += chunk.length;
      revision += chunk.length;
    }
  }

  /** The incident keeps its number, unless another incident holds it already (it is then found by id). */
  private async takeNumber(number: string, incidentId: string, occurredAt: string): Promise<boolean> {
    const parsed = parseRecordNumber(number);
    const taken = parsed !== null && parsed.kind === 'incident' && (await takeRecordNumber(this.options.store, 'incident', parsed.number, incidentId, { actor: this.options.importedBy, occurredAt }));
    if (!taken) {
      this.numbersHeldElsewhereTotal++;
      if (this.numbersHeldElsewhere.length < LISTED_SKIPS) this.numbersHeldElsewhere.push(number);
    }
    return taken;
  }

  summary(matrix: { rows: (Priority | null)[][]; disagreeing: number }): Omit<ImportSummary, 'position'> {
    const { file, instance, timeZone, dateFormat } = this.options;
    return {
      file, fileSha256: this.fileSha256, instance, timeZone, dateFormat,
      rowsRead: this.rowsRead, incidents: this.incidents, eventsAppended: this.eventsAppended, versionsAlreadyImported: this.versionsAlreadyImported,
      versionsMissing: this.versionsMissing,
      skipped: { total: this.skippedTotal, byReason: this.skippedByReason, first: this.skippedFirst },
      numbersHeldElsewhere: { total: this.numbersHeldElsewhereTotal, first: this.numbersHeldElsewhere },
      priorityMatrix: { version: this.matrixVersion, rows: matrix.rows, disagreeing: matrix.disagreeing },
    };
  }

  /** The run in the log: who imported which file, when, and what came of it. */
  async recordRun(summary: Omit<ImportSummary, 'position'>): Promise<void> {
    const store = this.options.store;
    const at = this.options.clock().toISOString();
    const { first: _listed, ...skipped } = summary.skipped;
    const data = { ...summary, skipped, importedBy: this.options.importedBy } as unknown as Json;
    for (let attempt = 0; attempt < 5; attempt++) {
      const fact = { stream: IMPORT_RUNS_STREAM, event: { type: 'ServiceNowImportRun', data }, actor: this.options.importedBy, at, identity: ['servicenow-import-run', this.fileSha256, at], schemaVersion: 1 };
      try {
        await appendSystemFact(store, fact, await lastEventOf(store, IMPORT_RUNS_STREAM));
        return;
      } catch (error) {
        if (!(error instanceof ConcurrencyError)) throw error;
      }
    }
  }
}

/**
 * A row imported before is the row in the file: every column as written, except those whose person
 * was erased since (they read ERASED), which cannot be compared and are not brought back.
 */
function sameRow(recorded: Readonly<Record<string, string>>, row: Readonly<Record<string, string>>): boolean {
  const columns = Object.keys(row);
  return columns.length === Object.keys(recorded).length && columns.every((column) => recorded[column] === row[column] || recorded[column] === ERASED);
}

function versionKey(sysModCount: number, occurrence: number): string {
  return `${sysModCount}:${occurrence}`;
}

function range(from: number, to: number): number[] {
  return to > from ? Array.from({ length: to - from }, (_, i) => from + i) : [];
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
