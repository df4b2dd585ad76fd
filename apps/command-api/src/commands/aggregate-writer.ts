import { Inject, Injectable, Module } from '@nestjs/common';
import type { AppConfig } from '@itsm/config';
import type { Decider } from '@itsm/domain';
import type { EventStore } from '@itsm/event-store';
import { APP_CONFIG, EVENT_STORE } from '@itsm/platform';
import { decideAndAppend, type CommandEnvelope, type CommandOutcome } from './decide-and-append';
import { StreamLocks } from './stream-locks';

/**
 * The write path every command handler shares: one set of stream locks for the whole process (so
 * commands on one stream take turns whichever handler runs them), the event store, and the
 * configured conflict retries.
 */
@Injectable()
export class AggregateWriter {
  private readonly locks = new StreamLocks();

  constructor(
    @Inject(EVENT_STORE) readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Loads, decides and appends, taking its turn on the stream. */
  execute<C extends { readonly type: string }, E extends { readonly type: string; readonly data: unknown }, S>(
    decider: Decider<C, E, S>,
    stream: string,
    command: C,
    envelope: CommandEnvelope,
    schemaVersion: number,
  ): Promise<CommandOutcome> {
    return this.exclusively(stream, () => this.decideAndAppend(decider, stream, command, envelope, schemaVersion));
  }

  /** Runs `work` in the stream's turn: for handlers that read more than the stream before deciding. */
  exclusively<T>(stream: string, work: () => Promise<T>): Promise<T> {
    return this.locks.run(stream, work);
  }

  /** Loads, decides and appends, without taking a turn: call it inside `exclusively`. */
  decideAndAppend<C extends { readonly type: string }, E extends { readonly type: string; readonly data: unknown }, S>(
    decider: Decider<C, E, S>,
    stream: string,
    command: C,
    envelope: CommandEnvelope,
    schemaVersion: number,
  ): Promise<CommandOutcome> {
    return decideAndAppend(this.store, decider, stream, command, envelope, { conflictRetries: this.config.commandConflictRetries, schemaVersion });
  }
}

/** Imported by every command module; Nest makes one AggregateWriter for all of them. */
@Module({ providers: [AggregateWriter], exports: [AggregateWriter] })
export class AggregateWriterModule {}
