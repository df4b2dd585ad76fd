import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { measureAssessmentBesideCommands } from './assessment-beside-commands';
import { alone, header, lastRunLine, withHeader, withSection } from './bench-doc';
import { useFirstPort } from './bench-ports';
import { appendsAtScaleSection, commandCeilingSection, readCeilingSection } from './ceiling-sections';
import { measureBusyIncident } from './busy-incident';
import { changeFeedSection } from './change-feed';
import { measureCommandThroughput } from './command-throughput';
import { measureEvidencePack } from './evidence-pack';
import { measureImpactAssessment } from './impact-assessment';
import { integrityCommandsSection, integrityVerifySection } from './integrity-sections';
import { logBytesSection } from './log-bytes';
import { table } from './markdown';
import { measureProjectionRebuild } from './projection-rebuild';
import { beginScenario, endScenario, step } from './progress';
import { parseBenchOptions, usage, type BenchOptions } from './run-options';
import { measureServiceNowImport } from './servicenow-import';
import { measureSlaBoard, measureSlaWhatIf } from './sla';

type RunOptions = Pick<BenchOptions, 'seconds' | 'rounds'>;

/** A scenario measures and answers its section of docs/benchmarks.md, from its `## ` heading on. */
interface Scenario {
  readonly name: string;
  run(seconds: number, options: RunOptions): Promise<string[]>;
  /** Seconds per measurement when none is given (15 unless said). */
  readonly seconds?: number;
}

const SCENARIOS: readonly Scenario[] = [
  { name: 'ceiling-commands', seconds: 5, run: (seconds, options) => commandCeilingSection(seconds, options.rounds) },
  { name: 'ceiling-reads', seconds: 5, run: (seconds, options) => readCeilingSection(seconds, options.rounds) },
  { name: 'appends-at-scale', seconds: 5, run: (seconds, options) => appendsAtScaleSection(seconds, options.rounds) },
  {
    name: 'commands',
    async run(seconds) {
      step(`Command API: ${seconds} s per scenario at 32 connections…`);
      const throughput = await measureCommandThroughput(seconds);
      return [
        '## Commands through the command API',
        '',
        'One command-api process on the embedded default: Fastify, JWT check, class-validator, load + decide + append, SQLite',
        'WAL with `synchronous=FULL` (every answered command is on disk) and group commit. 32 concurrent connections,',
        `${seconds} s per scenario after a 2 s warm-up. "events appended" is counted in the log afterwards; it may exceed`,
        'the 2xx count by requests still in flight when the load generator stopped, and counts an Idempotency-Key\'s claim.',
        '',
        ...table('| scenario | commands/s | p50 ms | p99 ms | 2xx | failed | events appended |', throughput.map((r) => `| ${r.scenario} | ${r.requestsPerSecond} | ${r.p50Ms} | ${r.p99Ms} | ${r.ok} | ${r.failed} | ${r.eventsAppended} |`)),
      ];
    },
  },
  {
    name: 'busy-incident',
    async run() {
      step('A busy incident: 10,000 notes of 8 KB…');
      const busy = await measureBusyIncident(10_000, 8_000);
      return [
        '## A busy incident',
        '',
        `10,000 work notes of ${busy.noteBytes.toLocaleString('en')} characters on one incident, 4 at a time, through the command API, with the projector and`,
        'the query API running as their own processes. Latency per 1,000 notes, and each process\'s resident memory at the end of',
        'each window: flat means the work per command and per projected batch does not grow with the incident\'s history.',
        '',
        ...table('| notes | p50 ms | p99 ms | command-api MiB | projector MiB |', busy.windows.map((w) => `| ${w.notes} | ${w.p50Ms} | ${w.p99Ms} | ${w.commandApiMb} | ${w.projectorMb} |`)),
        '',
        `Peak resident memory: command-api ${busy.peakCommandApiMb} MiB, projector ${busy.peakProjectorMb} MiB. The projector showed the last note`,
        `${busy.projectorBehindSeconds} s after it was answered. On the wire: \`GET /incidents/:id\` ${busy.incidentBytes.toLocaleString('en')} bytes, a page of 50 work notes`,
        `${busy.notesPageBytes?.toLocaleString('en') ?? '–'} bytes.`,
      ];
    },
  },
  {
    name: 'assessments',
    async run(seconds) {
      step('Assessments of 200-CI changes beside unrelated commands…');
      const assessments = await measureAssessmentBesideCommands(seconds);
      return [
        '## Assessing changes to 200 CIs beside everyday commands',
        '',
        `For ${seconds} s, 8 agents add work notes to 50 incidents, alone and then while 4 change managers raise and assess changes to`,
        '200 servers of a seeded CMDB (about 1,300 CIs; each raise reads the 200 CI streams, each assessment walks the graph from',
        'them). The same run measures both, so the ratio of the notes\' p99 is what to read.',
        '',
        ...table('| scenario | commands | p50 ms | p99 ms | max ms |', assessments.map((r) => `| ${r.scenario} | ${r.commands} | ${r.p50Ms} | ${r.p99Ms} | ${r.maxMs} |`)),
      ];
    },
  },
  {
    name: 'impact',
    async run() {
      step('Impact analysis…');
      const impact = await measureImpactAssessment();
      return [
        '## Impact analysis',
        '',
        'The same seeded CMDB: the affected services of a change to 200 servers (the function change assessment calls, in process,',
        'on the SQLite read store), and `GET /cis/:id/impact` on a chain of 300 CIs through the query API process.',
        '',
        ...table('| scenario | p50 ms | max ms | bytes | items |', impact.map((r) => `| ${r.scenario} | ${r.p50Ms} | ${r.maxMs} | ${r.bytes ?? '–'} | ${r.items} |`)),
      ];
    },
  },
  {
    name: 'rebuild',
    async run() {
      step('Projection rebuild of 1,000,000 events…');
      const rebuild = await measureProjectionRebuild(100_000);
      return [
        '## Full projection rebuild',
        '',
        `1,000,000 events (100,000 incidents × 10 events) seeded in ${rebuild.seedSeconds} s, then every projection rebuilt from an empty SQLite`,
        'read store as the projector runs them (one LogPass, ADR 22: the log read once, batches of 500, documents and checkpoint in one',
        'transaction, indexes built at the head), beside a bare scan + JSON.parse of the same log, in 3 interleaved rounds (medians; "× scan"',
        "is the median of each round's ratio). Memory: the resident set sampled every 50 ms during each run.",
        '',
        ...table('| projection | events | seconds | events/s | × scan | peak RSS MiB | RSS at start MiB |', rebuild.results.map((r) => `| ${r.projections} | ${r.events} | ${r.seconds} | ${r.eventsPerSecond} | ${r.timesScan} | ${r.peakRssMb} | ${r.startRssMb} |`)),
      ];
    },
  },
  {
    name: 'import',
    async run() {
      step('Importing ServiceNow exports: the sample, then synthetic files of 100,000 and 1,000,000 rows…');
      const runs = await measureServiceNowImport();
      return [
        '## Importing ServiceNow history',
        '',
        '`npm run -s import:servicenow` as a user runs it (its own process, the embedded SQLite log, `synchronous=FULL`), on the',
        "sample and on synthetic exports in the same format (the sample's incidents repeated under new numbers, generated for the",
        'run and not kept). Peak memory is the importer process\'s VmHWM: flat as the file grows means it reads the file as a',
        'stream and holds one incident at a time (and 32 in flight), whatever the file\'s size. Rows/s counts the whole run:',
        "hashing the file, reading, mapping, sealing each version into its incident's chain, taking the numbers and appending,",
        "and starting the process (about 0.7 s of loading modules: a third of the sample's run, nothing of the million rows').",
        '',
        ...table('| scenario | rows | events appended | seconds | rows/s | peak MiB |', runs.map((r) => `| ${r.scenario} | ${r.rows.toLocaleString('en')} | ${r.eventsAppended.toLocaleString('en')} | ${r.seconds} | ${r.rowsPerSecond.toLocaleString('en')} | ${r.peakMb} |`)),
      ];
    },
  },
  {
    name: 'sla-board',
    async run() {
      step('The SLA breach board at 100,000 open incidents…');
      const board = await measureSlaBoard(100_000);
      return [
        '## The SLA breach board at 100,000 open incidents',
        '',
        `100,000 open incidents (200,000 clocks: response in calendar time, resolution in business time on a Berlin office calendar with`,
        'a lunch break and holidays), opened over the last six days so that some are breached, some at risk and some running; a',
        `third assigned. Seeded in ${board.seedSeconds} s; the production runner built \`sla_clocks\` in ${board.projectSeconds} s (${board.projectEventsPerSecond.toLocaleString('en')} events/s, each`,
        "fold doing the business-time arithmetic). Then the query API as its own process on the embedded SQLite read store, one",
        'request at a time after 20 warm-ups (latency through HTTP, JWT and validation included; "items" is the last page\'s size).',
        `The query API's peak resident memory: ${board.queryApiPeakMb} MiB.`,
        '',
        ...table('| query | requests | p50 ms | p99 ms | items |', board.latencies.map((r) => `| \`${r.query}\` | ${r.requests} | ${r.p50Ms} | ${r.p99Ms} | ${r.items} |`)),
      ];
    },
  },
  {
    name: 'sla-what-if',
    async run() {
      step('SLA what-if over 1,000,000 events…');
      const whatIf = await measureSlaWhatIf(100_000);
      return [
        '## SLA what-if over 1,000,000 events',
        '',
        `${whatIf.events.toLocaleString('en')} events (${whatIf.incidents.toLocaleString('en')} incidents × 10) seeded in ${whatIf.seedSeconds} s into the embedded SQLite log; then \`slaWhatIf\`, the function`,
        '`POST /sla/what-if` and `npm run -s sla:what-if` run, measured every incident by its recorded terms and by a business-time',
        'policy: it reads the log once in order to find the incidents opened in the period, and each incident\'s stream to fold it',
        `twice. Peak resident memory is the bench process's (the seeding included).`,
        '',
        ...table('| events | incidents | seconds | events/s | peak MiB |', [`| ${whatIf.events.toLocaleString('en')} | ${whatIf.incidents.toLocaleString('en')} | ${whatIf.seconds} | ${whatIf.eventsPerSecond.toLocaleString('en')} | ${whatIf.peakMb} |`]),
      ];
    },
  },
  {
    name: 'evidence-pack',
    async run() {
      step('An evidence pack over about 100,000 events…');
      const pack = await measureEvidencePack();
      return [
        '## An evidence pack over 100,000 events',
        '',
        `${pack.events.toLocaleString('en')} events seeded in ${pack.seedSeconds} s into the embedded SQLite log: ${pack.incidents.toLocaleString('en')} incidents (10 facts each), ${pack.changes.toLocaleString('en')} changes`,
        `(raised, approved, authorized, scheduled, started, completed, closed; a tenth implemented outside their window) and ${pack.ciChanges.toLocaleString('en')} CI changes.`,
        'Then `buildEvidencePack` over the whole period, as `npm run -s evidence` and `POST /evidence-packs` run it: the log read once to find',
        'the streams touched, each stream read and judged per clause, the log verified over the period, every file hashed, the manifest',
        'signed and the zip made. Peak resident memory is the bench process\'s (the seeding included).',
        '',
        ...table('| events | seconds | events/s | files | zip bytes | peak MiB |', [`| ${pack.events.toLocaleString('en')} | ${pack.seconds} | ${pack.eventsPerSecond.toLocaleString('en')} | ${pack.files} | ${pack.zipBytes.toLocaleString('en')} | ${pack.peakMb} |`]),
      ];
    },
  },
  { name: 'integrity-verify', run: () => integrityVerifySection() },
  { name: 'integrity-commands', run: (seconds) => integrityCommandsSection(seconds) },
  { name: 'feed', run: () => changeFeedSection() },
  { name: 'log-bytes', run: () => logBytesSection() },
];


/** Measures the scenarios chosen, one after the other, printing each section as it is done. */
async function measure(chosen: readonly Scenario[], options: RunOptions): Promise<string[][]> {
  const sections: string[][] = [];
  for (const [index, scenario] of chosen.entries()) {
    beginScenario(scenario.name, index + 1, chosen.length);
    const section = await scenario.run(options.seconds ?? scenario.seconds ?? 15, options);
    endScenario();
    process.stdout.write(`${section.join('\n')}\n\n`);
    sections.push(section);
  }
  return sections;
}

/** `npm run bench -- [scenario…] [seconds] [--rounds=N] [--port=N] [--write[=file]]` (run-options.ts says what each does). */
async function main(): Promise<void> {
  const names = SCENARIOS.map((s) => s.name);
  const options = parseBenchOptions(process.argv.slice(2), names);
  if (options.help) return void process.stdout.write(`${usage(names)}\n`);
  useFirstPort(options.port);
  const chosen = options.scenarios.length === 0 ? SCENARIOS : SCENARIOS.filter((s) => options.scenarios.includes(s.name));
  const sections = await measure(chosen, options);
  const whole = options.scenarios.length === 0;
  if (options.write === null) {
    const file = path.join(os.tmpdir(), `itsm-bench-${new Date().toISOString().replace(/[:.]/g, '-')}.md`);
    fs.writeFileSync(file, [...header(names, lastRunLine()), ...sections.flatMap((section) => ['', ...section]), ''].join('\n'));
    step(`Wrote ${file} (nothing tracked; --write rewrites docs/benchmarks.md)`);
  } else if (whole) {
    fs.writeFileSync(options.write, [...header(names, lastRunLine()), ...sections.flatMap((section) => ['', ...section]), ''].join('\n'));
    step(`Wrote ${options.write}`);
  } else {
    const document = sections.reduce((text, section) => withSection(text, alone(section)), fs.readFileSync(options.write, 'utf8'));
    fs.writeFileSync(options.write, withHeader(document, names));
    step(`Rewrote ${chosen.map((s) => s.name).join(', ')} in ${options.write}`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
