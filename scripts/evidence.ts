import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { resolveAuditKeys } from '@itsm/config';
import { trustedKeys } from '@itsm/event-store';
import { openStoredEventStore } from '@itsm/platform';
import { buildEvidencePack, manifestBytes, zipEvidencePack } from '@itsm/compliance';
import { configOrExit, periodArguments, UsageError } from './cli';

const USAGE = `npm run -s evidence -- --from INSTANT --to INSTANT --out DIR [--retrospective-review-days N]

Makes the ISO/IEC 20000-1 evidence pack of the period [--from, --to) from the event log of the
configuration it runs under (the same DATA_DIR, or EVENT_STORE=esdb with EVENTSTORE_URL, as the
servers): DIR holds, per clause, the records and the nonconformities (JSON and CSV) and
manifest.json (every file's SHA-256, the log positions covered, the log's verification over them),
signed with the key that signs the log's checkpoints; DIR.zip holds the same. The same period gives
the same files whenever it is run (the manifest's generatedAt aside). Check a pack with
npm run -s evidence:verify -- DIR.

--retrospective-review-days: days after implementation within which an emergency change's
retrospective review is due (default 5).

Exits 0 when written; 2 when it could not be (DIR must not exist yet).`;


function options() {
  let values;
  try {
    values = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' }, 'retrospective-review-days': { type: 'string', default: '5' }, help: { type: 'boolean', default: false } } }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return null;
  const { from, to, out } = values;
  if (from === undefined || to === undefined || out === undefined) throw new UsageError('--from, --to and --out are all needed');
  const period = periodArguments(from, to);
  const days = Number(values['retrospective-review-days']);
  if (!Number.isInteger(days) || days < 0 || days > 365) throw new UsageError('--retrospective-review-days must be a whole number of days from 0 to 365');
  if (fs.existsSync(out)) throw new UsageError(`${out} exists: a pack is written to a new folder`);
  return { ...period, out: path.resolve(out), retrospectiveReviewDays: days };
}

async function main(): Promise<number> {
  const chosen = options();
  if (chosen === null) {
    console.log(USAGE);
    return 0;
  }
  const config = configOrExit();
  const keys = resolveAuditKeys(config.audit);
  if (keys.signingKey === null) throw new UsageError('A pack is signed with the checkpoint key: set AUDIT_SIGNING_KEY_FILE (or run where the projector runs)');
  // The log as stored: a pack names no person, so it needs no vault and is the same before and after an erasure.
  const store = await openStoredEventStore(config);
  try {
    const pack = await buildEvidencePack(store, { ...chosen, generatedAt: new Date().toISOString(), trusted: trustedKeys(keys.trustedPublicKeys) }, keys.signingKey);
    for (const { path: file, bytes } of [...pack.files, { path: 'manifest.json', bytes: manifestBytes(pack.manifest) }]) {
      fs.mkdirSync(path.dirname(path.join(chosen.out, file)), { recursive: true });
      fs.writeFileSync(path.join(chosen.out, file), bytes);
    }
    fs.writeFileSync(`${chosen.out}.zip`, zipEvidencePack(pack));
    const { log, verification, clauses } = pack.manifest;
    console.log(`Evidence pack ${chosen.from} to ${chosen.to}: ${log.events} facts (positions ${log.fromPosition ?? '–'} to ${log.toPosition ?? '–'}), log ${verification.ok ? 'verified' : 'BROKEN'}`);
    for (const clause of clauses) console.log(`  ${clause.clause} ${clause.title}: ${clause.records} records, ${clause.nonconformities} nonconformities`);
    console.log(`Written: ${chosen.out}/ and ${chosen.out}.zip`);
    return 0;
  } finally {
    await store.close();
  }
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error instanceof UsageError ? `${error.message}\n\n${USAGE}` : `Could not make the pack: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  },
);
