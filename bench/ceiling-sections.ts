import { LARGE_LOG, measureAppendsAtScale, SMALL_LOG } from './appends-at-scale';
import { measureCommandsAgainstCeiling, EVENTS_PER_STREAM, NOTED_STREAMS } from './ceiling-commands';
import { DEEP_PAGE, measureReadsAgainstCeiling, PAGE_SIZE, QUEUE_GROUP } from './ceiling-reads';
import type { Comparison } from './interleaved';
import { CONNECTIONS } from './load';
import os from 'node:os';
import { paragraph, table } from './markdown';

const rows = (comparisons: readonly Comparison[]) =>
  table(
    '| scenario | against | ratio (median of rounds) | range of rounds | requests/s | against requests/s | p99 ms | against p99 ms | failed |',
    comparisons.map((c) => `| ${c.scenario} | ${c.against} | ${c.ratio} | ${c.ratioMin}–${c.ratioMax} | ${c.requestsPerSecond} | ${c.againstRequestsPerSecond} | ${c.p99Ms} | ${c.againstP99Ms} | ${c.failed} |`),
  );

/** Said when the scenario begins: how busy the shared machine already was. */
const machine = () => `${os.cpus().length} shared cores, load average ${os.loadavg()[0]?.toFixed(1)} when the scenario began`;

/** How a comparison was run; `load` says what each side ran for `seconds`, `unit` what its rate counts. */
const method = (rounds: number, seconds: number, onMachine: string, load = `autocannon at ${CONNECTIONS} connections`, unit = 'requests/s', loader = 'the load generator') =>
  `Method (${onMachine}): ${rounds} rounds; in each, the scenario and what it is compared with each run ${seconds} s of ${load}, ` +
  'taking turns (the order swapped every round, after a 2 s warm-up of each), so both meet the same state of the shared machine. ' +
  `The ratio is the median of the rounds' ratios of ${unit}, beside their range (the noise to read it against); requests/s and p99 are medians over the rounds. ` +
  `Every process runs on the same 2 shared cores as ${loader}: read the ratios, not the absolute figures.`;

export async function commandCeilingSection(seconds: number, rounds: number): Promise<string[]> {
  const onMachine = machine();
  const result = await measureCommandsAgainstCeiling(seconds, rounds);
  return [
    '## The command path against the no-op ceiling',
    '',
    ...paragraph('The command API (the embedded default: SQLite WAL, `synchronous=FULL`, group commit) beside the no-op ceiling, each its own process: ' +
      'bench/ceiling, built by the platform\'s own `createHttpApp` on the apps\' platform module (Nest 11 + Fastify, the JWT guard and permission table, ' +
      'rate limits, ValidationPipe with the same `OpenIncidentDto`), whose `POST /incidents` answers 201 with a body of the same shape without deciding or storing. ' +
      `Work notes go round robin to ${NOTED_STREAMS.toLocaleString('en')} incidents seeded with ${EVENTS_PER_STREAM} events each (${result.seededEvents.toLocaleString('en')} events seeded in ${result.seedSeconds} s), ` +
      `each noted once right before the notes are measured (after the openings, which make more streams than a process keeps folded), as a running command API has met the incidents its agents work; one held ${result.eventsPerStreamAtEnd} events when the run ended.`),
    '',
    ...paragraph(method(rounds, seconds, onMachine)),
    '',
    ...rows(result.comparisons),
  ];
}

export async function readCeilingSection(seconds: number, rounds: number): Promise<string[]> {
  const onMachine = machine();
  const result = await measureReadsAgainstCeiling(seconds, rounds);
  return [
    '## Reads at 100,000 open incidents against the no-op ceiling',
    '',
    ...paragraph(`${result.openIncidents.toLocaleString('en')} open incidents (six groups, a third assigned) seeded in ${result.seedSeconds} s into the embedded SQLite log; ` +
      `\`incident_detail\` and \`work_queues\` built from it by the production ProjectionRunner in ${result.projectSeconds} s. Then the query API as its own process: ` +
      `\`GET /queues/${QUEUE_GROUP}\` (page 1 of ${PAGE_SIZE}) against the ceiling's no-op \`GET /queues/:group\`, which answers ${PAGE_SIZE} queue items of the same shape ` +
      `through the same query DTO without reading a store; and \`GET /incidents\` (all incidents, then those with status new: two thirds of them) ${DEEP_PAGE} pages of ${PAGE_SIZE} deep, by the keyset cursor a client walking the list holds, against its page 1.`),
    '',
    ...paragraph(method(rounds, seconds, onMachine)),
    '',
    ...rows(result.comparisons),
  ];
}

export async function appendsAtScaleSection(seconds: number, rounds: number): Promise<string[]> {
  const onMachine = machine();
  const result = await measureAppendsAtScale(seconds, rounds);
  const seeded = result.seeded.map((s) => `${s.events.toLocaleString('en')} events in ${s.seconds} s (${s.fileMb} MiB)`).join(', and ');
  return [
    '## Concurrent appends as the log grows',
    '',
    ...paragraph(`Two embedded logs (SQLite WAL, \`synchronous=FULL\`, the writer thread of ADR 25), seeded as the command path writes them: incidents of 10 events under ` +
      `time-ordered ids (ADR 23), sealed into their chains; seeded ${seeded}. Then 32 appenders in the bench process, each appending one sealed opening at a time ` +
      `to a stream of its own, on the ${LARGE_LOG.toLocaleString('en')}-event log against the ${SMALL_LOG.toLocaleString('en')}-event one.`),
    '',
    ...paragraph(method(rounds, seconds, onMachine, '32 concurrent appenders', 'appends/s', 'the appenders')),
    '',
    ...rows([result.comparison]),
  ];
}
