import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { measureCommandThroughput } from './command-throughput';
import { measureProjectionRebuild } from './projection-rebuild';

/** `npm run bench`: measures, prints, and rewrites docs/benchmarks.md with the figures. */
async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 15);
  console.log(`Command API: ${seconds} s per scenario at 32 connections…`);
  const throughput = await measureCommandThroughput(seconds);
  console.table(throughput);
  console.log('Projection rebuild of 100,000 events…');
  const rebuild = await measureProjectionRebuild(10_000);
  console.table(rebuild.results);

  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const lines = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (bench/run.ts); rerun it to refresh. Benchmarks measure; tests never assert timings.',
    '',
    `Last run: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machine}. Load generator (autocannon) on the same machine.`,
    'This is a shared virtual machine: back-to-back runs of the same code differ by up to a third, so compare',
    'figures from runs made together, and read a single run as an order of magnitude.',
    '',
    '## Commands through the command API',
    '',
    'One command-api process on the embedded default: Fastify, JWT check, class-validator, load + decide + append, SQLite',
    'WAL with `synchronous=FULL` (every answered command is on disk) and group commit. 32 concurrent connections,',
    `${seconds} s per scenario after a 2 s warm-up. "events appended" is counted in the log afterwards; it may exceed`,
    'the 2xx count by requests still in flight when the load generator stopped.',
    '',
    '| scenario | commands/s | p50 ms | p99 ms | 2xx | failed | events appended |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...throughput.map((r) => `| ${r.scenario} | ${r.requestsPerSecond} | ${r.p50Ms} | ${r.p99Ms} | ${r.ok} | ${r.failed} | ${r.eventsAppended} |`),
    '',
    '## Full projection rebuild',
    '',
    `100,000 events (10,000 incidents × 10 events) seeded in ${rebuild.seedSeconds} s, then projected from an empty SQLite read`,
    'store by the production ProjectionRunner (batches of 500, documents and checkpoint in one transaction).',
    '',
    '| projection | events | seconds | events/s |',
    '|---|---:|---:|---:|',
    ...rebuild.results.map((r) => `| ${r.projections} | ${r.events} | ${r.seconds} | ${r.eventsPerSecond} |`),
    '',
  ];
  fs.writeFileSync(path.join(__dirname, '..', '..', 'docs', 'benchmarks.md'), lines.join('\n'));
  console.log('Wrote docs/benchmarks.md');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
