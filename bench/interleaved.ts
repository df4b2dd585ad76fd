import type autocannon from 'autocannon';
import { failuresOf } from './load';
import { step } from './progress';

/** What a side's run measured: an autocannon result, or the same figures from a load made in process (bench/appends-at-scale.ts). */
export type Measured = Pick<autocannon.Result, 'non2xx' | 'errors' | 'timeouts'> & { readonly requests: { readonly average: number }; readonly latency: { readonly p99: number } };

/** One side of a comparison: a load run for `seconds`. */
export interface Side {
  readonly name: string;
  run(seconds: number): Promise<Measured>;
}

export interface Comparison {
  readonly scenario: string;
  readonly against: string;
  readonly rounds: number;
  /** Median of the rounds' ratios (requests/s of the scenario ÷ requests/s of what it is compared with), and their range. */
  readonly ratio: number;
  readonly ratioMin: number;
  readonly ratioMax: number;
  /** Medians over the rounds. */
  readonly requestsPerSecond: number;
  readonly againstRequestsPerSecond: number;
  readonly p99Ms: number;
  readonly againstP99Ms: number;
  readonly failed: number;
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};
const round3 = (value: number) => Number(value.toFixed(3));

/**
 * `rounds` rounds of the scenario and what it is compared with, taking turns (the order swapped every
 * round, so a drift of the shared machine weighs on both alike); the ratio is the median of the rounds' ratios.
 */
export async function interleave(scenario: Side, against: Side, rounds: number, seconds: number): Promise<Comparison> {
  const ratios: number[] = [];
  const mine: Measured[] = [];
  const theirs: Measured[] = [];
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? [scenario, against] : [against, scenario];
    const results = new Map<Side, Measured>();
    for (const side of order) {
      step(`round ${round + 1}/${rounds}: ${side.name}, ${seconds} s`);
      results.set(side, await side.run(seconds));
    }
    const a = results.get(scenario) as Measured;
    const b = results.get(against) as Measured;
    mine.push(a);
    theirs.push(b);
    ratios.push(a.requests.average / b.requests.average);
    step(`round ${round + 1}/${rounds}: ${Math.round(a.requests.average)} ÷ ${Math.round(b.requests.average)} requests/s = ${round3(ratios.at(-1) as number)}`);
  }
  return {
    scenario: scenario.name,
    against: against.name,
    rounds,
    ratio: round3(median(ratios)),
    ratioMin: round3(Math.min(...ratios)),
    ratioMax: round3(Math.max(...ratios)),
    requestsPerSecond: Math.round(median(mine.map((r) => r.requests.average))),
    againstRequestsPerSecond: Math.round(median(theirs.map((r) => r.requests.average))),
    p99Ms: median(mine.map((r) => r.latency.p99)),
    againstP99Ms: median(theirs.map((r) => r.latency.p99)),
    failed: [...mine, ...theirs].reduce((sum, r) => sum + failuresOf(r), 0),
  };
}
