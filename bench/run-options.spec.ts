import path from 'node:path';
import { DEFAULT_FIRST_PORT } from './bench-ports';
import { parseBenchOptions } from './run-options';

const KNOWN = ['ceiling-commands', 'ceiling-reads', 'commands'];

describe('The bench command line', () => {
  it('writes nothing tracked unless asked: without --write the document is left alone', () => {
    expect(parseBenchOptions(['ceiling-reads'], KNOWN)).toEqual({ seconds: null, rounds: 5, port: DEFAULT_FIRST_PORT, write: null, scenarios: ['ceiling-reads'], help: false });
  });

  it('--write rewrites docs/benchmarks.md of the directory it runs in, --write=<file> that file', () => {
    // The jest root is the repository's: docs/benchmarks.md exists there.
    expect(parseBenchOptions(['--write'], KNOWN).write).toBe(path.resolve('docs', 'benchmarks.md'));
    expect(parseBenchOptions([`--write=${__filename}`], KNOWN).write).toBe(__filename);
  });

  it('refuses --write naming a file that does not exist before measuring anything', () => {
    expect(() => parseBenchOptions(['--write=/nowhere/benchmarks.md'], KNOWN)).toThrow('/nowhere/benchmarks.md does not exist');
  });

  it('takes seconds, rounds and the first port', () => {
    expect(parseBenchOptions(['3', '--rounds=7', '--port=4100', 'commands', 'ceiling-commands'], KNOWN)).toMatchObject({ seconds: 3, rounds: 7, port: 4100, scenarios: ['commands', 'ceiling-commands'] });
  });

  it.each([
    [['--rounds=0'], '--rounds must be a whole number of at least 1; got "0"'],
    [['--port=abc'], '--port must be a whole number of at least 1; got "abc"'],
    [['--colour'], 'Unknown option --colour'],
    [['ceiling'], 'Unknown scenario ceiling; known: ceiling-commands, ceiling-reads, commands'],
  ])('refuses %j, saying why', (args, message) => {
    expect(() => parseBenchOptions(args, KNOWN)).toThrow(message);
  });
});
