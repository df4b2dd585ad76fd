import { measureIntegrityCheckCost } from './integrity-commands';
import { measureVerifyCost } from './integrity-verify';
import { table } from './markdown';
import { step } from './progress';

/** `## Sealing and verifying the log`: what tamper evidence costs the background sealer and an auditor. */
export async function integrityVerifySection(): Promise<string[]> {
  step('Sealing and verifying a log of 160,000 events…');
  const verify = await measureVerifyCost(15_000, 10_000, 5);
  return [
    '## Sealing and verifying the log',
    '',
    `${verify.logEvents.toLocaleString('en')} events on the embedded SQLite store (15,000 incidents × 10 events, and one incident of 10,000 work notes`,
    `between their two halves), seeded in ${verify.seedSeconds} s. The projector's LogSealer checks every event's hash and chain and signs a`,
    `checkpoint every 1,000 events, as configured by default (${verify.checkpoints} checkpoints); timed here from the start of the log, as when the`,
    'projector first meets it, on a fresh copy each round (its work per event is the same when it keeps up later). The sealed',
    'log is then verified whole (`verifyLog`: hash, chain, checkpoint entry and running hash of every event, as `GET /audit/verify`',
    'and the projector\'s daily check do) and a stream at a time (`verifyStream`, as `GET /audit/verify?stream=` does; it reads',
    'and checks every signed checkpoint first, whatever the stream\'s length). In process; all of them take turns, round after',
    'round, and ms is the median of the rounds, with the fastest and slowest. Reading the log alone, checking nothing, is the',
    'floor verifyLog is compared with.',
    '',
    ...table('| scenario | events | ms | range ms | events/s | runs |', verify.rows.map((r) => `| ${r.scenario} | ${r.events} | ${r.ms} | ${r.msRange} | ${r.eventsPerSecond} | ${r.repetitions} |`)),
    '',
    `Reading is ${share(verify.rows, 'read the whole log', 'verifyLog')} of verifyLog's time; the rest is hashing each event three times (its content hash: canonical JSON`,
    'and SHA-256; its fingerprint; the running hash) and checking the checkpoints. verifyStream starts by loading every checkpoint',
    '(read, parsed, its signature checked): the 10-event stream\'s time is that alone, and it grows with the log, not with the stream.',
  ];
}

/** `## The integrity checks on the command path`: commands/s and CPU per command with the checks and without. */
export async function integrityCommandsSection(seconds: number): Promise<string[]> {
  // Many short rounds: drift of the shared machine falls on both variants alike.
  const perRun = 1;
  const rounds = Math.max(6, seconds * 2);
  step(`The integrity checks on the command path: ${rounds} rounds of ${perRun} s with and without them…`);
  const longStream = 5_000;
  const rows = await measureIntegrityCheckCost(perRun, rounds, longStream);
  const cold = rows.find((row) => row.scenario.includes('nothing cached'));
  const perEvent = cold === undefined ? '–' : ((cold.onCpuUs - cold.offCpuUs) / longStream).toFixed(1);
  return [
    '## The integrity checks on the command path',
    '',
    'Commands/s through the write path itself, in process (no HTTP, JWT or validation): the incident handler\'s load, decide',
    'and append on the embedded SQLite store (`synchronous=FULL`, group commit), with the integrity checks (each loaded event',
    'against its stream\'s chain, and the raised alarm, read for every command while its stream loads) and without them, as',
    '`new WritePath(store, options, \'off_for_measurement\')` builds it; that argument exists for this measurement only, and no',
    `configuration reaches it. ${rounds} rounds in one process, each running both for ${perRun} s in alternating order after a warm-up of`,
    'each; "on ÷ off" is the median of the rounds\' ratios, beside the ratios of the middle half of the rounds and of all of them:',
    'the noise to read it against. Commands/s are medians over the rounds. CPU is this process\'s time (user + system) per',
    'command, the median over the rounds, and its ratio likewise: other work on the machine sways it less than commands/s.',
    'Through the command API the same checks are a smaller share still: HTTP, the token and validation come on top.',
    '',
    ...table(
      '| scenario | off commands/s | on commands/s | on ÷ off | middle half | all rounds | CPU µs off | CPU µs on | CPU on ÷ off (middle half) |',
      rows.map((r) => `| ${r.scenario} | ${r.offPerSecond} | ${r.onPerSecond} | ${r.ratio} | ${r.ratioMiddleHalf} | ${r.ratioRange} | ${r.offCpuUs} | ${r.onCpuUs} | ${r.cpuRatio} (${r.cpuRatioMiddleHalf}) |`),
    ),
    '',
    `With nothing cached, the chain check costs about ${perEvent} µs of CPU per event loaded; a stream is loaded whole once per`,
    'process (after a restart, or once its fold fell out of the cache of 10,000 streams). With the fold cached, a command checks',
    'only what another process appended since, and reads the alarm: compare those ratios with their spread.',
  ];
}

/** What share of the time of the row named `of` the row named `part` took, as a percentage. */
function share(rows: readonly { scenario: string; ms: number }[], part: string, of: string): string {
  const ms = (name: string) => rows.find((row) => row.scenario.startsWith(name))?.ms ?? NaN;
  return `${Math.round((100 * ms(part)) / ms(of))} %`;
}
