import type { Document } from 'mongodb';
import { Stage } from './plan-stages';
import { comparatorOf } from './server-order';

/** The stages that order, merge and cut what the scans below them give (see plan-stages.ts). */
export type SortPattern = Record<string, number>;

/** Merges inputs that each come in the sort's order, each document once (by _id), as SORT_MERGE. */
export class SortMerge extends Stage {
  readonly name: string = 'SORT_MERGE';

  constructor(
    private readonly inputs: readonly Stage[],
    private readonly pattern: SortPattern,
  ) {
    super();
  }

  protected *produce(): Generator<Document> {
    const compare = comparatorOf(this.pattern);
    const streams = this.inputs.map((input) => input.run());
    const heads = streams.map((stream) => stream.next());
    const seen = new Set<string>();
    for (;;) {
      let best = -1;
      heads.forEach((head, i) => {
        if (!head.done && (best < 0 || compare(head.value, heads[best]!.value as Document) < 0)) best = i;
      });
      if (best < 0) return;
      const document = heads[best]!.value as Document;
      heads[best] = streams[best]!.next();
      const id = JSON.stringify(document._id);
      if (seen.has(id)) continue;
      seen.add(id);
      yield document;
    }
  }

  protected details(withStats: boolean): Document {
    return { sortPattern: this.pattern, dupsTested: this.nReturned, dupsDropped: 0, inputStages: this.inputs.map((input) => input.describe(withStats)) };
  }

  stages(): Stage[] {
    return [this, ...this.inputs.flatMap((input) => input.stages())];
  }
}

/** The branches of a rooted `$or` one after the other, each document once: OR (dedup by _id). */
export class Or extends SortMerge {
  override readonly name = 'OR';

  constructor(inputs: readonly Stage[]) {
    super(inputs, {});
  }

  protected override details(withStats: boolean): Document {
    const { inputStages } = super.details(withStats);
    return { inputStages };
  }
}

/** A blocking sort: reads all its input before it returns the first document. */
export class BlockingSort extends Stage {
  readonly name = 'SORT';

  constructor(
    private readonly input: Stage,
    private readonly pattern: SortPattern,
    private readonly limit: number,
  ) {
    super();
  }

  protected *produce(): Generator<Document> {
    const sorted = [...this.input.run()].sort(comparatorOf(this.pattern));
    yield* this.limit > 0 ? sorted.slice(0, this.limit) : sorted;
  }

  protected details(withStats: boolean): Document {
    return { sortPattern: this.pattern, memLimit: 104857600, ...(this.limit > 0 ? { limitAmount: this.limit } : {}), type: 'simple', inputStage: this.input.describe(withStats) };
  }

  stages(): Stage[] {
    return [this, ...this.input.stages()];
  }
}

export class Limit extends Stage {
  readonly name = 'LIMIT';

  constructor(
    private readonly input: Stage,
    private readonly amount: number,
  ) {
    super();
  }

  protected *produce(): Generator<Document> {
    if (this.amount <= 0) return;
    let given = 0;
    for (const document of this.input.run()) {
      yield document;
      if (++given >= this.amount) return;
    }
  }

  protected details(withStats: boolean): Document {
    return { limitAmount: this.amount, inputStage: this.input.describe(withStats) };
  }

  stages(): Stage[] {
    return [this, ...this.input.stages()];
  }
}
