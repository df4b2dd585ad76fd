import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { incidentStream, INCIDENT_EVENT_SCHEMA_VERSION } from '@itsm/domain';
import { sealEvents, SqliteEventStore, timeOrderedId, type EventMetadata, type EventStore, type Json, type RecordedEvent } from '@itsm/event-store';
import { importServiceNowIncidents } from '@itsm/migration';
import { paragraph, table } from './markdown';
import { step } from './progress';
import { incidentFacts } from './seed-incidents';

const ROOT = path.join(__dirname, '..', '..');
const SAMPLE = path.join(ROOT, 'test', 'fixtures', 'servicenow', 'incident-event-log-sample.csv');

/** What each of the log's B-trees is for, named by the columns it holds. */
const PURPOSES: Readonly<Record<string, string>> = {
  events: 'the rows (rowid = sequence): readAll and subscriptions walk it in log order',
  sqlite_schema: 'the schema itself',
  event_id: 'every append looks its ids up: a retried command appends nothing (ADR 11)',
  'stream,revision': 'optimistic concurrency, readStream, a stream\'s MAX(revision)',
};

export interface LogBytes {
  readonly log: string;
  readonly events: number;
  readonly streams: number;
  /** page_count × page_size ÷ events after a WAL checkpoint, then after VACUUM. */
  readonly fileBytes: number;
  readonly vacuumedBytes: number;
  /** The same rows with every metadata as written before ADR 26 (a JSON object, the event id in it), after VACUUM. */
  readonly formerVacuumedBytes: number;
  /** Average bytes per event of each column as stored. */
  readonly columns: Readonly<Record<'stream' | 'event_id' | 'type' | 'data' | 'metadata' | 'recorded_at', number>>;
  readonly metadataFields: readonly { readonly field: string; readonly keyBytes: number; readonly valueBytes: number }[];
  /** After VACUUM: bytes per event of each B-tree (dbstat), and how full its pages are. */
  readonly btrees: readonly { readonly name: string; readonly columns: string; readonly bytes: number; readonly fill: number }[];
}

/** Incidents as the command API records them: one command (time-ordered id, no correlation header) per fact, all opened, then noted round robin. */
async function seedCommandLog(store: EventStore, incidents: number, notes: number): Promise<void> {
  const ids = Array.from({ length: incidents }, () => timeOrderedId());
  const facts = ids.map((id, n) => incidentFacts(id, n, notes));
  const hashes = new Map<string, string>();
  for (let round = 0; round < notes + 2; round++) {
    const appends: Promise<unknown>[] = [];
    facts.forEach((events, n) => {
      const fact = events[round];
      if (fact === undefined) return;
      const stream = incidentStream(ids[n] as string);
      const commandId = timeOrderedId();
      const context = { actor: `user:agent-${n % 40}`, occurredAt: new Date().toISOString(), commandId, commandType: fact.type, correlationId: commandId, causationId: commandId };
      const [event] = sealEvents({ stream, events: [{ type: fact.type, data: fact.data as unknown as Json }], previousHash: hashes.get(stream) ?? null, schemaVersion: INCIDENT_EVENT_SCHEMA_VERSION, context });
      hashes.set(stream, event!.metadata.hash);
      appends.push(store.append(stream, [event!], 'any'));
    });
    await Promise.all(appends);
  }
}

/** The sample of a real ServiceNow audit log, imported as `npm run import:servicenow` does it (without the personal-data vault). */
async function importSample(store: EventStore): Promise<void> {
  await importServiceNowIncidents({ store, file: SAMPLE, instance: 'bench', timeZone: 'UTC', dateFormat: 'dd-mm-yyyy hh:mm', importedBy: 'import:bench', clock: () => new Date() });
}

/** ADR 26's array, in its order (the event id is the row's column); checked against what the store reads back. */
const ARRAY_FIELDS = ['actor', 'occurredAt', 'commandId', 'commandType', 'correlationId', 'causationId', 'schemaVersion', 'prevHash', 'hash'] as const;

/** Measures a log its writer has closed; VACUUM rewrites the file, so it comes last. */
async function measureFile(log: string, filename: string): Promise<LogBytes> {
  const db = new Database(filename);
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
    const { events, streams } = db.prepare('SELECT count(*) AS events, count(DISTINCT stream) AS streams FROM events').get() as { events: number; streams: number };
    const fileBytes = fileSize(db) / events;
    const averages = ['stream', 'event_id', 'type', 'data', 'metadata', 'recorded_at'].map((column) => `avg(length(CAST(${column} AS BLOB))) AS ${column}`);
    const columns = db.prepare(`SELECT ${averages.join(', ')} FROM events`).get() as LogBytes['columns'];
    const former = `${filename}.former`;
    db.exec(`VACUUM INTO '${former.replace(/'/g, "''")}'`);
    const metadataFields = await readBack(db, filename, former, events);
    const formerVacuumedBytes = vacuumedSize(former) / events;
    db.exec('VACUUM');
    return { log, events, streams, fileBytes, vacuumedBytes: fileSize(db) / events, formerVacuumedBytes, columns, metadataFields, btrees: btreeBytes(db, events) };
  } finally {
    db.close();
  }
}

const fileSize = (db: Database.Database) => (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
const bytesOf = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

/**
 * Every event as the store reads it back, beside its row as stored: the bytes of each metadata field
 * (its key name where the row keeps names, its value, one separator each), and into `former` the
 * metadata as the store wrote it before ADR 26 (JSON.stringify of the object it reads back).
 */
async function readBack(db: Database.Database, filename: string, former: string, events: number): Promise<LogBytes['metadataFields']> {
  const sums = new Map<string, { keyBytes: number; valueBytes: number }>();
  const stored = db.prepare<[string], { metadata: string }>('SELECT metadata FROM events WHERE event_id = ?');
  const formerDb = new Database(former);
  const rewrite = formerDb.prepare('UPDATE events SET metadata = ? WHERE event_id = ?');
  const store = SqliteEventStore.open({ filename });
  try {
    for (let after: RecordedEvent['position'] | null = null; ; ) {
      const page = await store.readAll({ after, max: 1_000, asStored: true });
      formerDb.transaction(() => page.forEach((event) => rewrite.run(JSON.stringify(event.metadata), event.metadata.eventId)))();
      for (const event of page) {
        for (const [field, keyBytes, valueBytes] of fieldsOf(stored.get(event.metadata.eventId)?.metadata ?? 'null', event.metadata)) {
          const sum = sums.get(field) ?? { keyBytes: 0, valueBytes: 0 };
          sums.set(field, { keyBytes: sum.keyBytes + keyBytes, valueBytes: sum.valueBytes + valueBytes });
        }
      }
      if (page.length < 1_000) break;
      after = page[page.length - 1]!.position;
    }
  } finally {
    await store.close();
    formerDb.close();
  }
  return [...sums].map(([field, sum]) => ({ field, keyBytes: sum.keyBytes / events, valueBytes: sum.valueBytes / events }));
}

/** [field, key bytes, value bytes] of one row's metadata text; the brackets count one byte (two, less the last field's separator). */
function fieldsOf(stored: string, metadata: EventMetadata): [string, number, number][] {
  const parsed = JSON.parse(stored) as unknown;
  if (!Array.isArray(parsed)) return [['(brackets)', 0, 1], ...Object.entries(parsed as object).map(([key, value]): [string, number, number] => [key, bytesOf(key) + 1, bytesOf(value) + 1])];
  return [
    ['(brackets)', 0, 1],
    ...parsed.map((value: unknown, index): [string, number, number] => {
      const field = ARRAY_FIELDS[index];
      const read = field === undefined ? undefined : metadata[field];
      if (read === undefined || (bytesOf(value) !== bytesOf(read) && !(value === 0 && read === metadata.commandId))) {
        throw new Error(`bench/log-bytes.ts reads place ${index} of ADR 26's array otherwise than the store does`);
      }
      return [field as string, 0, bytesOf(value) + 1];
    }),
  ];
}

function btreeBytes(db: Database.Database, events: number): LogBytes['btrees'] {
  const rows = db.prepare('SELECT name, sum(pgsize) AS bytes, sum(payload) AS payload FROM dbstat GROUP BY name ORDER BY name').all() as { name: string; bytes: number; payload: number }[];
  return rows.map(({ name, bytes, payload }) => {
    const columns = name === 'events' || name === 'sqlite_schema' ? name : (db.pragma(`index_info('${name}')`) as { name: string }[]).map((column) => column.name).join(',');
    return { name, columns, bytes: bytes / events, fill: payload / bytes };
  });
}

function vacuumedSize(filename: string): number {
  const db = new Database(filename);
  try {
    db.exec('VACUUM');
    return fileSize(db);
  } finally {
    db.close();
  }
}

async function measureLog(log: string, write: (store: EventStore) => Promise<void>): Promise<LogBytes> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'itsm-log-bytes-'));
  try {
    const filename = path.join(dir, 'events.sqlite');
    const store = SqliteEventStore.open({ filename });
    try {
      await write(store);
    } finally {
      await store.close();
    }
    return await measureFile(log, filename);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The two logs the section reports: incidents as the command API writes them, and a real ServiceNow history imported. */
export async function measureLogBytes(incidents: number, notes: number): Promise<LogBytes[]> {
  step(`Bytes per event: ${incidents.toLocaleString('en')} incidents of ${notes + 1} or ${notes + 2} facts as the command API records them…`);
  const commands = await measureLog(`${incidents.toLocaleString('en')} incidents through the command path`, (store) => seedCommandLog(store, incidents, notes));
  step('Bytes per event: the ServiceNow sample imported…');
  const imported = await measureLog('the ServiceNow sample imported (5,998 rows)', importSample);
  return [commands, imported];
}

const TEXT_COLUMNS = new Set(['log', 'field', 'B-tree', 'columns', 'what it is for', 'reduction', 'why not now']);

/** markdown.ts's table, with this section's text columns aligned left. */
function textTable(header: string, rows: readonly string[]): string[] {
  const cells = header.split('|').slice(1, -1).map((cell) => cell.trim());
  const [head, , ...body] = table(header, rows);
  return [head as string, `|${cells.map((cell) => (TEXT_COLUMNS.has(cell) ? '---' : '---:')).join('|')}|`, ...body];
}

const round = (bytes: number) => Math.round(bytes).toLocaleString('en');
const valueOf = (log: LogBytes, field: string) => log.metadataFields.find((f) => f.field === field)?.valueBytes ?? 0;

/** What the reductions left unbuilt (ADR 26) would save per event, from the measured averages: [what, saving, why not now]. */
function unbuilt(log: LogBytes): [string, number, string][] {
  const perStream = log.streams / log.events;
  return [
    ['hash and prevHash as 32-byte BLOB columns', valueOf(log, 'hash') + valueOf(log, 'prevHash') - 2 * 33, 'a new column pair; hex in the file is what an auditor greps for'],
    ['prevHash left out (the row before holds it)', valueOf(log, 'prevHash'), 'the link check would compare a hash with itself; a slice read needs the row before'],
    ['event_id as a 16-byte BLOB (row and index)', 2 * (log.columns.event_id - 17), 'old rows keep text: one UNIQUE index no longer sees both forms of an id'],
    ['stream names in a table of their own', 2 * (log.columns.stream - 3) - (log.columns.stream + 12) * perStream, 'a new table and column; prefix filters become joins'],
    ['recorded_at as integer ms', log.columns.recorded_at - 6, 'a new column: the TEXT column turns an integer into text'],
  ];
}

/** `## Bytes per event in the log`: where the embedded log's bytes go, and what each B-tree is for. */
export async function logBytesSection(incidents = 10_000, notes = 8): Promise<string[]> {
  const logs = await measureLogBytes(incidents, notes);
  const [commands, imported] = logs as [LogBytes, LogBytes];
  const fields = [...new Set([...commands.metadataFields, ...imported.metadataFields].map((f) => f.field))];
  const field = (log: LogBytes, name: string) => log.metadataFields.find((f) => f.field === name);
  return [
    '## Bytes per event in the log',
    '',
    ...paragraph(
      `Two embedded SQLite logs, written by the store as it stands: ${incidents.toLocaleString('en')} incidents as the command API records them (one command per fact, ` +
        'time-ordered ids, no correlation header; opened, a third assigned, then noted round robin, so streams interleave as they do in ' +
        'use), and the ServiceNow sample imported as `npm run import:servicenow` does it (without the personal-data vault). "File" is ' +
        'page_count × page_size ÷ events after a WAL checkpoint, then after VACUUM; "before ADR 26" is the same rows with each ' +
        'metadata as the store wrote it before (a JSON object with the event id), after VACUUM. Columns are average bytes as stored. ' +
        'Bytes are deterministic but for the ids\' random bits: one run is the figure.',
    ),
    '',
    ...textTable(
      '| log | events | file | after VACUUM | before ADR 26 | now ÷ before | data | metadata | stream | event_id | type | recorded_at |',
      logs.map((l) => `| ${l.log} | ${l.events.toLocaleString('en')} | ${round(l.fileBytes)} | ${round(l.vacuumedBytes)} | ${round(l.formerVacuumedBytes)} | ${(l.vacuumedBytes / l.formerVacuumedBytes).toFixed(2)} | ${round(l.columns.data)} | ${round(l.columns.metadata)} | ${round(l.columns.stream)} | ${round(l.columns.event_id)} | ${round(l.columns.type)} | ${round(l.columns.recorded_at)} |`),
    ),
    '',
    'The metadata by field, bytes per event as stored (key name with its quotes and colon; value with its separator):',
    '',
    ...textTable(
      '| field | command path: key | value | import: key | value |',
      fields.map((name) => `| ${name} | ${round(field(commands, name)?.keyBytes ?? 0)} | ${round(field(commands, name)?.valueBytes ?? 0)} | ${round(field(imported, name)?.keyBytes ?? 0)} | ${round(field(imported, name)?.valueBytes ?? 0)} |`),
    ),
    '',
    'Each B-tree after VACUUM (dbstat), bytes per event and how full its pages are, and what reads it:',
    '',
    ...textTable(
      '| B-tree | columns | command path | fill | import | what it is for |',
      commands.btrees.map((b) => {
        const other = imported.btrees.find((o) => o.name === b.name);
        return `| ${b.name} | ${b.columns} | ${round(b.bytes)} | ${b.fill.toFixed(2)} | ${other === undefined ? '–' : round(other.bytes)} | ${PURPOSES[b.columns] ?? 'not known to this bench'} |`;
      }),
    ),
    '',
    'Reductions weighed and not built (ADR 26), with what each would save per event by these averages:',
    '',
    ...textTable('| reduction | command path | import | why not now |', unbuilt(commands).map(([what, saving, why], index) => `| ${what} | ${round(saving)} | ${round(unbuilt(imported)[index]?.[1] ?? 0)} | ${why} |`)),
  ];
}
