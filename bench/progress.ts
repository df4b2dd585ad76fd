/**
 * Progress on standard error (standard output carries the sections): the scenario, its step and the
 * time since the scenario began, so a long run shows where it is.
 */
let scenario = '';
let started = 0;

export function beginScenario(name: string, index: number, of: number): void {
  scenario = name;
  started = performance.now();
  process.stderr.write(`\n[${name}] scenario ${index} of ${of}\n`);
}

export function step(message: string): void {
  const elapsed = ((performance.now() - started) / 1000).toFixed(1);
  process.stderr.write(`[${scenario || 'bench'} ${elapsed} s] ${message}\n`);
}

export function endScenario(): void {
  step('done');
  scenario = '';
}
