import type { EventStore, Position, RecordedEvent } from '@itsm/event-store';
import type { RunnerLogger } from '@itsm/projections';
import type { ReadStore } from '@itsm/read-store';
import { RepeatingPass } from './repeating-pass';

export interface LogReactionOptions {
  /** The lease's name and the checkpoint's key in the read store. */
  readonly key: string;
  readonly what: string;
  /** Only the facts of streams with these prefixes are read. */
  readonly streamPrefixes: readonly string[];
  readonly intervalMs: number;
  readonly logger: RunnerLogger;
}

/** Facts read per pass: the rest wait for the next pass. */
const BATCH = 200;

/**
 * A reaction to facts of the log, in log order, from a checkpoint kept in the read store: every pass
 * reads what came after it, reacts to each fact, and moves the checkpoint past it. A reaction that
 * fails stops the pass at that fact (shown on /health, tried again next pass), so nothing is skipped;
 * a reaction done before the checkpoint moved is done again after a restart, which is why each must
 * append with ids derived from the fact it reacts to, so that its repeat appends nothing.
 */
export class LogReaction extends RepeatingPass {
  constructor(
    private readonly events: EventStore,
    private readonly reads: ReadStore,
    private readonly react: (fact: RecordedEvent) => Promise<void>,
    private readonly options: LogReactionOptions,
  ) {
    super(options.key, options.what, options.intervalMs, options.logger);
  }

  /** One pass: how many facts were reacted to. */
  async reactOnce(): Promise<number> {
    const after = await this.reads.checkpoint(this.options.key);
    const facts = await this.events.readAll({ after, max: BATCH, filter: { streamPrefixes: this.options.streamPrefixes } });
    let checkpoint: Position | null = null;
    try {
      for (const fact of facts) {
        await this.react(fact);
        checkpoint = fact.position;
      }
    } finally {
      if (checkpoint !== null) await this.reads.applyBatch(this.options.key, [], checkpoint);
    }
    return facts.length;
  }

  protected async pass(): Promise<string | null> {
    while ((await this.reactOnce()) === BATCH);
    return null;
  }
}
