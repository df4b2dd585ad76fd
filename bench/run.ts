import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { measureAssessmentBesideCommands } from './assessment-beside-commands';
import { measureBusyIncident } from './busy-incident';
import { changeFeedSection } from './change-feed';
import { measureCommandThroughput } from './command-throughput';
import { measureEvidencePack } from './evidence-pack';
import { measureImpactAssessment } from './impact-assessment';
import { integrityCommandsSection, integrityVerifySection } from './integrity-sections';
import { table } from './markdown';
import { measureProjectionRebuild } from './projection-rebuild';
import { measureServiceNowImport } from './servicenow-import';
import { measureSlaBoard, measureSlaWhatIf } from './sla';

/** A scenario measures and answers its section of docs/benchmarks.md, from its `## ` heading on. */
interface Scenario {
  readonly name: string;
  run(seconds: number): Promise<string[]>;
}

const SCENARIOS: readonly Scenario[] = [
  {
    name: 'commands',
    async run(seconds) {
      console.log(`Command API: ${seconds} s per scenario at 32 connections…`);
      const throughput = await measureCommandThroughput(seconds);
      console.table(throughput);
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
      console.log('A busy incident: 10,000 notes of 8 KB…');
      const busy = await measureBusyIncident(10_000, 8_000);
      console.table(busy.windows);
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
      console.log('Assessments of 200-CI changes beside unrelated commands…');
      const assessments = await measureAssessmentBesideCommands(seconds);
      console.table(assessments);
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
      console.log('Impact analysis…');
      const impact = await measureImpactAssessment();
      console.table(impact);
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
      console.log('Projection rebuild of 100,000 events…');
      const rebuild = await measureProjectionRebuild(10_000);
      console.table(rebuild.results);
      return [
        '## Full projection rebuild',
        '',
        `100,000 events (10,000 incidents × 10 events) seeded in ${rebuild.seedSeconds} s, then projected from an empty SQLite read`,
        'store by the production ProjectionRunner (batches of 500, documents and checkpoint in one transaction).',
        '',
        ...table('| projection | events | seconds | events/s |', rebuild.results.map((r) => `| ${r.projections} | ${r.events} | ${r.seconds} | ${r.eventsPerSecond} |`)),
      ];
    },
  },
  {
    name: 'import',
    async run() {
      console.log('Importing ServiceNow exports: the sample, then synthetic files of 100,000 and 1,000,000 rows…');
      const runs = await measureServiceNowImport();
      console.table(runs);
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
      console.log('The SLA breach board at 100,000 open incidents…');
      const board = await measureSlaBoard(100_000);
      console.table(board.latencies);
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
      console.log('SLA what-if over 1,000,000 events…');
      const whatIf = await measureSlaWhatIf(100_000);
      console.table([whatIf]);
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
      console.log('An evidence pack over about 100,000 events…');
      const pack = await measureEvidencePack();
      console.table([pack]);
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
];

const DOC = path.join(__dirname, '..', '..', 'docs', 'benchmarks.md');

function header(): string[] {
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  return [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (bench/run.ts); rerun it to refresh. Benchmarks measure; tests never assert timings.',
    '`npm run bench -- [seconds] [scenario…]` runs only the scenarios named and rewrites only their sections',
    `(scenarios: ${SCENARIOS.map((s) => s.name).join(', ')}).`,
    '',
    `Last run: ${stamp()} UTC on ${machine}. Load generators on the same machine.`,
    'This is a shared virtual machine: back-to-back runs of the same code differ by up to a third, so compare',
    'figures from runs made together, and read a single run as an order of magnitude. `BENCH_APPS_DIR=<other build>/dist/apps`',
    'runs the same scenarios against another build, for a comparison made together.',
  ];
}

const stamp = () => new Date().toISOString().slice(0, 16).replace('T', ' ');

/** The document with `section` in place of the section of the same heading (added at the end if new). */
function withSection(document: string, section: readonly string[]): string {
  const heading = section[0] as string;
  const lines = document.replace(/\n+$/, '').split('\n');
  const start = lines.indexOf(heading);
  if (start < 0) return [...lines, '', ...section, ''].join('\n');
  const after = lines.findIndex((line, index) => index > start && line.startsWith('## '));
  const end = after < 0 ? lines.length : after;
  return [...lines.slice(0, start), ...section, ...(after < 0 ? [] : ['']), ...lines.slice(end)].join('\n') + (after < 0 ? '\n' : '');
}

/** `npm run bench [-- seconds scenario…]`: measures, prints, and rewrites docs/benchmarks.md (or the named scenarios' sections). */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const seconds = Number(args.find((arg) => /^\d+$/.test(arg)) ?? 15);
  const named = args.filter((arg) => !/^\d+$/.test(arg));
  const unknown = named.filter((name) => !SCENARIOS.some((s) => s.name === name));
  if (unknown.length > 0) throw new Error(`Unknown scenario ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  const chosen = named.length === 0 ? SCENARIOS : SCENARIOS.filter((s) => named.includes(s.name));
  const sections: string[][] = [];
  for (const scenario of chosen) sections.push(await scenario.run(seconds));
  if (named.length === 0) {
    fs.writeFileSync(DOC, [...header(), ...sections.flatMap((section) => ['', ...section]), ''].join('\n'));
  } else {
    const alone = (section: string[]) => [section[0] as string, '', `_Run alone: ${stamp()} UTC; compare it with the rest with the header's caveat._`, ...section.slice(1)];
    fs.writeFileSync(DOC, sections.reduce((document, section) => withSection(document, alone(section)), fs.readFileSync(DOC, 'utf8')));
  }
  console.log('Wrote docs/benchmarks.md');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
