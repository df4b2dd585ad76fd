import os from 'node:os';

export const stamp = () => new Date().toISOString().slice(0, 16).replace('T', ' ');

/** The document's header: what writes it, how to run it, and the machine it last ran on. */
export function header(scenarios: readonly string[], lastRun: string): string[] {
  return [
    '# Benchmarks',
    '',
    'Written by `npm run bench -- --write` (bench/run.ts); a run without `--write` prints its sections and writes them to a',
    'file in the temporary directory, touching nothing tracked. Benchmarks measure; tests never assert timings.',
    '`node dist/bench/run.js [scenario…] [seconds] [--rounds=N] [--port=N] [--write]` runs only the scenarios named and, with',
    `\`--write\`, rewrites only their sections (scenarios: ${scenarios.join(', ')}); \`--help\` says more.`,
    '',
    lastRun,
    'This is a shared virtual machine: back-to-back runs of the same code differ by up to a third, so compare',
    'figures from runs made together, and read a single run as an order of magnitude; the `ceiling-*` sections report ratios',
    'of runs made together for that reason. `BENCH_APPS_DIR=<other build>/dist/apps` runs the same scenarios against another',
    'build, for a comparison made together.',
  ];
}

export function lastRunLine(): string {
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  return `Last run: ${stamp()} UTC on ${machine}. Load generators on the same machine.`;
}

/** The document with `section` in place of the section of the same heading (added at the end if new). */
export function withSection(document: string, section: readonly string[]): string {
  const heading = section[0] as string;
  const lines = document.replace(/\n+$/, '').split('\n');
  const start = lines.indexOf(heading);
  if (start < 0) return [...lines, '', ...section, ''].join('\n');
  const after = lines.findIndex((line, index) => index > start && line.startsWith('## '));
  const end = after < 0 ? lines.length : after;
  return [...lines.slice(0, start), ...section, ...(after < 0 ? [] : ['']), ...lines.slice(end)].join('\n') + (after < 0 ? '\n' : '');
}

/** The document with `head` in place of everything before its first section, keeping the full run's "Last run" line. */
export function withHeader(document: string, scenarios: readonly string[]): string {
  const lines = document.split('\n');
  const first = lines.findIndex((line) => line.startsWith('## '));
  const lastRun = lines.slice(0, first).find((line) => line.startsWith('Last run:')) ?? lastRunLine();
  return [...header(scenarios, lastRun), '', ...lines.slice(first)].join('\n');
}

/** A section measured alone, marked so: it was not measured together with the rest. */
export const alone = (section: readonly string[]) => [section[0] as string, '', `_Run alone: ${stamp()} UTC; compare it with the rest with the header's caveat._`, ...section.slice(1)];
