import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { DATE_FORMATS, ImportFormatError, importServiceNowIncidents, isTimeZone, type DateFormat, type ImportProgress, type ImportSummary } from '@itsm/migration';
import { PersonalDataSealer } from '@itsm/personal-data';
import { openEventStore } from '@itsm/platform';
import { configOrExit } from './cli';

const USAGE = `npm run -s import:servicenow -- FILE.csv [--instance NAME] [--time-zone ZONE] [--date-format FORMAT] [--imported-by NAME] [--json]

Imports a ServiceNow incident audit export (one row per version of an incident: number,
incident_state, ..., closed_at) into the event log of the configuration it runs under (the same
DATA_DIR, or EVENT_STORE=esdb with EVENTSTORE_URL, as the servers). Every row becomes one imported
version, with the source's user and time; nothing our rules would refuse is left out. Running it
again appends nothing; a run that was stopped finishes where it stopped.

  --instance NAME      the ServiceNow instance (default: default): part of every incident's id and
                       of its priority matrix's version name (servicenow-NAME)
  --time-zone ZONE     the instance's IANA time zone, e.g. America/Sao_Paulo (default: UTC): the
                       export writes times without one
  --date-format FORMAT how the export writes times: ${DATE_FORMATS.join(', ')} (default: dd-mm-yyyy hh:mm)
  --imported-by NAME   who runs the import (default: import:<your login name>)
  --json               print the summary as JSON

Exits 0 when every row was imported (or already was), 1 when rows were skipped (listed with their
reasons), 2 when nothing could be imported (a file of another format, a store that cannot be reached).`;

class UsageError extends Error {}

function options() {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        instance: { type: 'string', default: 'default' },
        'time-zone': { type: 'string', default: 'UTC' },
        'date-format': { type: 'string', default: 'dd-mm-yyyy hh:mm' },
        'imported-by': { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return null;
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'Name the file to import' : `One file at a time (got ${positionals.length})`);
  const file = positionals[0]!;
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new UsageError(`No file ${file}`);
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(values.instance)) throw new UsageError('--instance: letters, digits, dot, dash and underscore, at most 64');
  if (!isTimeZone(values['time-zone'])) throw new UsageError(`--time-zone: ${values['time-zone']} is not an IANA time zone (e.g. Europe/Berlin, UTC)`);
  if (!(DATE_FORMATS as readonly string[]).includes(values['date-format'])) throw new UsageError(`--date-format: one of ${DATE_FORMATS.join(', ')}`);
  const importedBy = values['imported-by'] ?? `import:${os.userInfo().username}`;
  if (!/^[\x21-\x7e][\x20-\x7e]{0,199}$/.test(importedBy)) throw new UsageError('--imported-by: printable, at most 200 characters');
  // The zone as IANA names it (utc → UTC), as it is recorded on every version.
  const timeZone = new Intl.DateTimeFormat('en-US', { timeZone: values['time-zone'] }).resolvedOptions().timeZone;
  return { file, instance: values.instance, timeZone, dateFormat: values['date-format'] as DateFormat, importedBy, json: values.json };
}

/** A bar on a terminal, redrawn in place; nothing when the output is a file or a pipe. */
function progressBar(): ((progress: ImportProgress) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  let drawn = 0;
  return ({ bytesRead, totalBytes, rowsRead, eventsAppended }) => {
    const now = Date.now();
    if (now - drawn < 100 && bytesRead < totalBytes) return;
    drawn = now;
    const share = totalBytes === 0 ? 1 : bytesRead / totalBytes;
    const width = 30;
    const filled = Math.round(share * width);
    process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}%  ${rowsRead.toLocaleString('en')} rows, ${eventsAppended.toLocaleString('en')} events appended `);
  };
}

function describe(summary: ImportSummary, seconds: number): string {
  const n = (value: number) => value.toLocaleString('en');
  const lines = [
    `Imported ${summary.file} (sha256 ${summary.fileSha256.slice(0, 16)}…) from instance ${summary.instance}, times read as ${summary.dateFormat} in ${summary.timeZone}:`,
    `  rows read             ${n(summary.rowsRead)}`,
    `  incidents             ${n(summary.incidents)} new`,
    `  events appended       ${n(summary.eventsAppended)}`,
    `  already imported      ${n(summary.versionsAlreadyImported)}`,
    `  versions missing      ${n(summary.versionsMissing)} (not in the export: gaps in sys_mod_count, recorded as missing)`,
    `  rows skipped          ${n(summary.skipped.total)}`,
    ...Object.entries(summary.skipped.byReason).map(([reason, count]) => `    ${n(count)} ${reason}`),
    ...summary.skipped.first.map((skip) => `    row ${skip.row}${skip.number ? ` (${skip.number})` : ''}: ${skip.reason}`),
    ...(summary.skipped.total > summary.skipped.first.length ? [`    … and ${n(summary.skipped.total - summary.skipped.first.length)} more (--json lists the first ${summary.skipped.first.length})`] : []),
    summary.rowsRead === 0
      ? '  priority matrix       none (no rows)'
      : `  priority matrix       ${summary.priorityMatrix.version} ${JSON.stringify(summary.priorityMatrix.rows)}${summary.priorityMatrix.disagreeing > 0 ? `, ${n(summary.priorityMatrix.disagreeing)} versions disagree with it` : ''}`,
    ...(summary.numbersHeldElsewhere.total > 0
      ? [
          `  numbers held already  ${n(summary.numbersHeldElsewhere.total)} (by another instance's incident or one opened here: these were imported without a number, found by id)`,
          `    ${summary.numbersHeldElsewhere.first.join(', ')}${summary.numbersHeldElsewhere.total > summary.numbersHeldElsewhere.first.length ? `, … and ${n(summary.numbersHeldElsewhere.total - summary.numbersHeldElsewhere.first.length)} more` : ''}`,
        ]
      : []),
    `  log position          ${summary.position ?? '(empty)'} (consistentWith, to read what it brought)`,
    `  in ${seconds.toFixed(1)} s (${n(Math.round(summary.rowsRead / Math.max(seconds, 0.001)))} rows/s)`,
  ];
  return lines.join('\n');
}

async function main(): Promise<number> {
  const chosen = options();
  if (chosen === null) {
    console.log(USAGE);
    return 0;
  }
  const config = configOrExit();
  const store = await openEventStore(config);
  const started = process.hrtime.bigint();
  try {
    const personalData = new PersonalDataSealer(store.vault);
    const summary = await importServiceNowIncidents({ store, ...chosen, personalData, clock: () => new Date(), onProgress: progressBar() });
    if (process.stderr.isTTY) process.stderr.write('\n');
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    console.log(chosen.json ? JSON.stringify(summary, null, 2) : describe(summary, seconds));
    return summary.skipped.total > 0 ? 1 : 0;
  } finally {
    await store.close();
  }
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    if (process.stderr.isTTY) process.stderr.write('\n');
    if (error instanceof UsageError) console.error(`${error.message}\n\n${USAGE}`);
    else if (error instanceof ImportFormatError) console.error(`Nothing imported: ${error.message}`);
    else console.error(`Import stopped: ${error instanceof Error ? error.message : String(error)} (what was imported stays; run it again to finish)`);
    process.exitCode = 2;
  },
);
