import { Query } from 'mingo';
import type { Document } from 'mongodb';
import { contains, describeBound, type FieldBound } from './index-bounds';
import { SERVER_ORDER, withServerStringOrder } from './server-order';
import type { IndexSpec } from './state';

/**
 * The classic engine's stages, as the double runs them: each pulls documents from its input lazily,
 * so a LIMIT above stops the scans below it, and counts its work as explain's executionStats name it
 * (nReturned; keysExamined on IXSCAN; docsExamined on FETCH and COLLSCAN). `describe` is the stage
 * as queryPlanner.winningPlan shows it, with the stats as executionStats.executionStages does.
 */
export abstract class Stage {
  nReturned = 0;
  abstract readonly name: string;
  protected abstract produce(): Generator<Document>;
  protected abstract details(withStats: boolean): Document;

  *run(): Generator<Document> {
    for (const document of this.produce()) {
      this.nReturned++;
      yield document;
    }
  }

  describe(withStats: boolean): Document {
    return { stage: this.name, ...(withStats ? { nReturned: this.nReturned } : {}), ...this.details(withStats) };
  }

  /** This stage and every stage below it. */
  abstract stages(): Stage[];
}

export type IndexEntry = { readonly key: readonly unknown[]; readonly document: Document };

/**
 * Walks an index's keys in order (or backwards) within the bounds. Keys outside them are skipped as
 * the server's IndexBoundsChecker skips them, by seeking to the next key that may be inside: each
 * seek lands on one key, which counts as examined, so keysExamined is the keys inside the bounds
 * read, plus one per run of keys outside them that the scan crossed (the last one ending it).
 */
export class IndexScan extends Stage {
  readonly name = 'IXSCAN';
  keysExamined = 0;

  constructor(
    readonly index: IndexSpec,
    private readonly entries: readonly IndexEntry[],
    private readonly bounds: readonly FieldBound[],
    readonly direction: 1 | -1,
  ) {
    super();
  }

  protected *produce(): Generator<Document> {
    let started = false;
    let outside = false;
    const ordered = this.direction === 1 ? this.entries : [...this.entries].reverse();
    for (const { key, document } of ordered) {
      if (this.bounds.every((bound, i) => contains(bound, key[i]))) {
        started = true;
        outside = false;
        this.keysExamined++;
        yield document;
      } else if (started && !outside) {
        outside = true;
        this.keysExamined++;
      }
    }
  }

  protected details(withStats: boolean): Document {
    const fields = Object.keys(this.index.key);
    const indexBounds = Object.fromEntries(fields.map((field, i) => [field, describeBound(this.bounds[i] ?? { kind: 'all' }, (Number(this.index.key[field]) < 0) !== (this.direction < 0))]));
    return {
      ...(withStats ? { keysExamined: this.keysExamined } : {}),
      keyPattern: this.index.key,
      indexName: this.index.name,
      isMultiKey: false,
      multiKeyPaths: Object.fromEntries(fields.map((field) => [field, []])),
      isUnique: false,
      isSparse: false,
      isPartial: false,
      indexVersion: 2,
      direction: this.direction === 1 ? 'forward' : 'backward',
      indexBounds,
    };
  }

  stages(): Stage[] {
    return [this];
  }
}

/** Reads each document all matching is judged on: the scan's, or the whole collection's. */
abstract class Matching extends Stage {
  docsExamined = 0;
  private readonly query: Query;

  constructor(protected readonly filter: Document) {
    super();
    this.query = new Query(withServerStringOrder(filter), SERVER_ORDER);
  }

  protected matches(document: Document): boolean {
    this.docsExamined++;
    return this.query.test(document);
  }
}

export class Fetch extends Matching {
  readonly name = 'FETCH';

  constructor(
    private readonly input: Stage,
    filter: Document,
  ) {
    super(filter);
  }

  protected *produce(): Generator<Document> {
    for (const document of this.input.run()) if (this.matches(document)) yield document;
  }

  protected details(withStats: boolean): Document {
    return { ...(withStats ? { docsExamined: this.docsExamined } : {}), filter: this.filter, inputStage: this.input.describe(withStats) };
  }

  stages(): Stage[] {
    return [this, ...this.input.stages()];
  }
}

export class CollectionScan extends Matching {
  readonly name = 'COLLSCAN';

  constructor(
    private readonly documents: readonly Document[],
    filter: Document,
  ) {
    super(filter);
  }

  protected *produce(): Generator<Document> {
    for (const document of this.documents) if (this.matches(document)) yield document;
  }

  protected details(withStats: boolean): Document {
    return { ...(withStats ? { docsExamined: this.docsExamined } : {}), filter: this.filter, direction: 'forward' };
  }

  stages(): Stage[] {
    return [this];
  }
}
