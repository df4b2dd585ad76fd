import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { BusinessCalendarVersion, SlaConfiguration } from '@itsm/domain';
import { openEventStore } from '@itsm/platform';
import { recordedCalendarsInForce, slaWhatIf, whatIfConfigurationOf, WhatIfQuestionError, type WhatIfIncident } from '@itsm/projections';
import { configOrExit, periodArguments, UsageError } from './cli';

const USAGE = `npm run -s sla:what-if -- --policy FILE --from INSTANT --to INSTANT [--json]

Measures the incidents opened from --from (inclusive) to --to (exclusive) twice: under the SLA
configuration the log holds, and under the policy in FILE, and says what changes (met → breached and
back). Reads the log of the configuration it runs under (the same DATA_DIR, or EVENT_STORE=esdb with
EVENTSTORE_URL, as the servers); records nothing.

FILE is JSON: { "calendars": [ { name, timeZone, week, holidays } ], "policy": { name, targets,
pausingHoldReasons, onReopen, scope?, atRiskPercent? } }, shaped as POST /business-calendars and
POST /sla-policies take them (no effectiveFrom: a question applies to the whole history). The
policy may name a calendar in force in the log without giving it; one given replaces it.

Exits 0 with the summary (and, with --json, every incident); 2 when it could not answer.`;


function options() {
  let values;
  try {
    values = parseArgs({ options: { policy: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } } }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return null;
  const { policy, from, to } = values;
  if (policy === undefined || from === undefined || to === undefined) throw new UsageError('--policy, --from and --to are all needed');
  const period = periodArguments(from, to);
  if (!fs.existsSync(policy)) throw new UsageError(`No file ${policy}`);
  return { policy, ...period, json: values.json };
}

/** The file's calendars and policy, checked by the domain's rules. */
function configurationIn(file: string, recordedCalendars: readonly BusinessCalendarVersion[]): SlaConfiguration {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`${file} is not JSON: ${(error as Error).message}`);
  }
  try {
    return whatIfConfigurationOf(parsed, recordedCalendars);
  } catch (error) {
    if (error instanceof WhatIfQuestionError) throw new UsageError(`${file}: ${error.message}${error.field === '' ? '' : ` (${error.field})`}`);
    throw error;
  }
}

async function main(): Promise<number> {
  const chosen = options();
  if (chosen === null) {
    console.log(USAGE);
    return 0;
  }
  const store = await openEventStore(configOrExit());
  let configuration: SlaConfiguration;
  try {
    configuration = configurationIn(chosen.policy, await recordedCalendarsInForce(store, new Date().toISOString()));
  } catch (error) {
    await store.close();
    throw error;
  }
  const bar = process.stderr.isTTY ? ({ eventsRead, incidents }: { eventsRead: number; incidents: number }) => process.stderr.write(`\r${eventsRead.toLocaleString('en')} events read, ${incidents.toLocaleString('en')} incidents measured `) : undefined;
  try {
    const run = slaWhatIf(store, configuration, { from: chosen.from, to: chosen.to, now: new Date().toISOString(), ...(bar && { onProgress: bar }) });
    const changed: WhatIfIncident[] = [];
    for (;;) {
      const next = await run.next();
      if (next.done) {
        if (process.stderr.isTTY) process.stderr.write('\n');
        const summary = next.value;
        if (chosen.json) console.log(JSON.stringify({ from: chosen.from, to: chosen.to, summary, changed }, null, 2));
        else {
          console.log(`Incidents opened ${chosen.from} to ${chosen.to}: ${summary.incidents}; unchanged ${summary.unchanged}, met → breached ${summary.metToBreached}, breached → met ${summary.breachedToMet}, other changes ${summary.otherChanges}`);
          for (const incident of changed.slice(0, 50)) console.log(`  ${incident.number ?? incident.incidentId}: ${incident.recorded} → ${incident.whatIf}`);
          if (changed.length > 50) console.log(`  … and ${changed.length - 50} more (--json lists them all)`);
        }
        return 0;
      }
      if (next.value.recorded !== next.value.whatIf) changed.push(next.value);
    }
  } finally {
    await store.close();
  }
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error instanceof UsageError ? `${error.message}\n\n${USAGE}` : `Could not answer: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  },
);
