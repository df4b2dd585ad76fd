import { createPublicKey } from 'node:crypto';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { resolveAuditKeys, type AppConfig } from '@itsm/config';
import { isPosition, parseCheckpoint, trustedKeys, verifyLog, verifyStream, type LogCheckpoint, type TrustedKeys } from '@itsm/event-store';
import { openStoredEventStore } from '@itsm/platform';
import { configOrExit } from './cli';

const USAGE = `npm run -s verify -- [--checkpoints FILE] [--public-key FILE]... [--stream NAME | --from POSITION --to POSITION]

Verifies the event log of the configuration it runs under (the same DATA_DIR, or EVENT_STORE=esdb and
EVENTSTORE_URL, as the servers): every event against its hash and its stream's chain, and against the
signed checkpoints in the log and in FILE (checkpoints you kept: pages of GET /audit/checkpoints, one
per line, an array, or one checkpoint per line). Only FILE shows an end cut off the log with its
checkpoints. --public-key trusts the key in FILE (PEM: the publicKey of GET /audit/public-key) instead of
the configured ones: a key you kept yourself. Prints the report as JSON; exits 0 when the log holds,
1 at a break, 2 when it could not verify.`;

class UsageError extends Error {}

function trusted(publicKeyFiles: readonly string[], { audit }: AppConfig): TrustedKeys {
  if (publicKeyFiles.length > 0) return trustedKeys(publicKeyFiles.map((file) => createPublicKey(fs.readFileSync(file, 'utf8'))));
  if (audit.signingKey?.generated && !fs.existsSync(audit.signingKey.file)) {
    throw new UsageError(`No checkpoint key in ${audit.signingKey.file}: pass --public-key FILE (or run where the servers run)`);
  }
  return trustedKeys(resolveAuditKeys(audit).trustedPublicKeys);
}

/**
 * Checkpoints as GET /audit/checkpoints answers them (a page, or pages one per line), an array of
 * them, or one checkpoint per line.
 */
function keptCopies(file: string | undefined): LogCheckpoint[] {
  if (file === undefined) return [];
  const text = fs.readFileSync(file, 'utf8').trim();
  let values: unknown[];
  try {
    values = [JSON.parse(text)];
  } catch {
    values = text.split('\n').filter((line) => line.trim() !== '').map((line, index) => {
      try {
        return JSON.parse(line) as unknown;
      } catch {
        throw new UsageError(`${file} line ${index + 1} is not JSON`);
      }
    });
  }
  return values.flatMap(checkpointsIn).map((value, index) => {
    const checkpoint = parseCheckpoint(value);
    if (typeof checkpoint === 'string') throw new UsageError(`${file}: checkpoint ${index + 1} is not a checkpoint: ${checkpoint}`);
    return checkpoint;
  });
}

/** A page's items, an array's elements, or the value itself. */
function checkpointsIn(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  const items = typeof value === 'object' && value !== null ? (value as { items?: unknown }).items : undefined;
  return Array.isArray(items) ? items : [value];
}

/** A verifier never creates the log it was asked about: a wrong DATA_DIR would verify an empty one. */
function assertLogExists(config: AppConfig): void {
  if (config.eventStore.kind === 'sqlite' && !fs.existsSync(config.eventStore.filename)) {
    throw new UsageError(`No event log at ${config.eventStore.filename}: run with the servers' DATA_DIR`);
  }
}

/** The arguments, checked: positions well-formed, one scope at a time, a range in order. */
function options() {
  let values;
  try {
    values = parseArgs({
      options: { checkpoints: { type: 'string' }, 'public-key': { type: 'string', multiple: true }, stream: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, help: { type: 'boolean' } },
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { stream, from, to } = values;
  for (const [name, value] of [['from', from], ['to', to]] as const) {
    if (value !== undefined && !isPosition(value)) throw new UsageError(`--${name} must be a log position (as the API shows them)`);
  }
  if (stream !== undefined && (from !== undefined || to !== undefined)) throw new UsageError('--stream verifies one whole stream: give either --stream or --from/--to');
  if (stream === '') throw new UsageError('--stream needs a stream name');
  if (from !== undefined && to !== undefined && to < from) throw new UsageError('--to must not come before --from');
  return values;
}

async function main(): Promise<number> {
  const values = options();
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const config = configOrExit();
  assertLogExists(config);
  const against = { trusted: trusted(values['public-key'] ?? [], config), keptCopies: keptCopies(values.checkpoints) };
  // The log as stored: hashes cover the sealed personal fields, so verifying needs no key (ADR 20).
  const store = await openStoredEventStore(config);
  try {
    const report = values.stream !== undefined ? await verifyStream(store, values.stream, against) : await verifyLog(store, { ...against, from: values.from ?? null, to: values.to ?? null });
    // A stream with no events never had any, or was deleted whole: only the whole log's checkpoints can tell which.
    if (values.stream !== undefined && report.ok && report.eventsChecked === 0) {
      throw new UsageError(`The log holds no event of stream ${values.stream}: it never had any, or it was deleted whole. Verify the whole log (no --stream) to tell which`);
    }
    if (values.stream === undefined && (values.from !== undefined || values.to !== undefined) && report.ok && report.eventsChecked === 0) {
      throw new UsageError(`The log holds no event from ${values.from ?? 'its start'} to ${values.to ?? 'its end'} (it ends at ${(await store.headPosition()) ?? 'no position: it is empty'}): nothing was verified`);
    }
    // The same report as GET /audit/verify answers.
    const scope = values.stream !== undefined ? `stream ${values.stream}` : values.from !== undefined || values.to !== undefined ? `positions ${values.from ?? 'start'} to ${values.to ?? 'end'}` : 'the whole log';
    console.log(JSON.stringify({ ...report, scope, verifiedAt: new Date().toISOString() }, null, 2));
    return report.ok ? 0 : 1;
  } finally {
    await store.close();
  }
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error instanceof UsageError ? `${error.message}\n\n${USAGE}` : `Could not verify: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  },
);
