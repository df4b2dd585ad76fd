import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_FIRST_PORT } from './bench-ports';

export interface BenchOptions {
  /** Seconds per measurement, or null: each scenario's default. */
  readonly seconds: number | null;
  readonly rounds: number;
  readonly port: number;
  /** The document to rewrite, or null: print, and write the sections to a file of their own in the temporary directory. */
  readonly write: string | null;
  readonly scenarios: readonly string[];
  readonly help: boolean;
}

export const usage = (scenarios: readonly string[]) =>
  [
    'Usage: node dist/bench/run.js [scenario…] [seconds] [--rounds=N] [--port=N] [--write[=file]]',
    '',
    `  scenario…      the scenarios to run (all when none): ${scenarios.join(', ')}`,
    '  seconds        seconds per measurement (each scenario has its default: 15, 5 per side of a round for ceiling-*)',
    '  --rounds=N     rounds of the interleaved comparisons (ceiling-*; default 5)',
    `  --port=N       the first port the apps listen on; each app started takes the next of 20 (default ${DEFAULT_FIRST_PORT}).`,
    '                 A port already taken stops the run with an error naming it.',
    '  --write[=file] rewrite docs/benchmarks.md (in the current directory), or file, with the sections measured;',
    '                 without it nothing tracked is written: the sections go to standard output and to a file',
    '                 in the temporary directory, named at the end. Progress goes to standard error.',
  ].join('\n');

const valueOf = (arg: string, name: string) => (arg.startsWith(`--${name}=`) ? arg.slice(name.length + 3) : null);

/** The command line, judged before anything is measured: a bad option or a missing document is an error now, not after an hour. */
export function parseBenchOptions(args: readonly string[], known: readonly string[]): BenchOptions {
  let seconds: number | null = null;
  let rounds = 5;
  let port = DEFAULT_FIRST_PORT;
  let write: string | null = null;
  let help = false;
  const scenarios: string[] = [];
  const wholeNumber = (text: string, option: string, min: number) => {
    if (!/^\d+$/.test(text) || Number(text) < min) throw new Error(`${option} must be a whole number of at least ${min}; got "${text}"`);
    return Number(text);
  };
  for (const arg of args) {
    if (/^\d+$/.test(arg)) seconds = wholeNumber(arg, 'seconds', 1);
    else if (arg === '--help' || arg === '-h') help = true;
    else if (arg === '--write') write = path.resolve('docs', 'benchmarks.md');
    else if (valueOf(arg, 'write') !== null) write = path.resolve(valueOf(arg, 'write') as string);
    else if (valueOf(arg, 'rounds') !== null) rounds = wholeNumber(valueOf(arg, 'rounds') as string, '--rounds', 1);
    else if (valueOf(arg, 'port') !== null) port = wholeNumber(valueOf(arg, 'port') as string, '--port', 1);
    else if (arg.startsWith('-')) throw new Error(`Unknown option ${arg}\n\n${usage(known)}`);
    else if (known.includes(arg)) scenarios.push(arg);
    else throw new Error(`Unknown scenario ${arg}; known: ${known.join(', ')}`);
  }
  if (write !== null && !fs.existsSync(write)) throw new Error(`--write: ${write} does not exist (run from the repository root, or name the file: --write=<file>)`);
  return { seconds, rounds, port, write, scenarios, help };
}
