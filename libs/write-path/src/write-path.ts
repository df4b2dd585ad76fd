import type { Decider } from '@itsm/domain';
import { ChainBrokenError, ConcurrencyError, raiseIntegrityAlarm, type EventStore, type Json, type NewEvent, type PersonalDataSealing, type RecordedEvent } from '@itsm/event-store/port';
import type { CommandEnvelope, WriteOutcome, WrittenEvent } from './command-envelope';
import { IdempotencyKeyReusedError, IdempotencyRegistry, requestHash, type IdempotencyClaim, type KeyState, type RequestToFingerprint } from './idempotency-registry';
import { loadStream, type ChainCheck, type LoadedStream, type RecordedLookup } from './load-stream';
import { assertIntact } from './integrity-gate';
import { PreconditionFailedError } from './precondition-failed';
import { StreamLocks } from './stream-locks';
import { StreamStateCache } from './stream-state-cache';
import { assertExpectedRevision, isNew, nothingYet, outcomeOf, reasonOf, replayOf, sealDecided, unchanged, type DomainEvent } from './write-steps';

export interface WriteRequest<C, E extends DomainEvent, S> {
  readonly decider: Decider<C, E, S>;
  readonly stream: string;
  readonly schemaVersion: number;
  readonly envelope: CommandEnvelope;
  /** What the client asked, as sent: what an Idempotency-Key is bound to. */
  readonly request: RequestToFingerprint;
  /**
   * The command to decide, made from the request on the state just loaded. Lookups the decider
   * cannot make itself (other streams, read models) run here, so a conflict retry makes them again
   * on the fresh state instead of deciding on stale answers.
   */
  readonly command: (state: S) => C | Promise<C>;
  /** Steps on other streams around the append, for a command that spans streams. */
  readonly crossStream?: CrossStreamSteps<E>;
}

/**
 * What a command spanning streams does around its own append (see ci-command-protocol.ts):
 * `plan` is made for each attempt, once its events are sealed to land after `revision`.
 */
export interface CrossStreamSteps<E> {
  plan(decided: readonly E[], sealed: readonly NewEvent[], revision: number, commandType: string): {
    /** Runs before the append; throwing refuses the command with nothing appended to this stream. */
    before(): Promise<void>;
    /** The append lost a race (a conflict, so nothing landed): undo `before`; the command may be decided again. */
    abandon(): Promise<void>;
  };
  /** Completes what the recorded events call for elsewhere; runs again on a replay, so it must be idempotent. */
  after(events: readonly WrittenEvent[]): Promise<void>;
}

/** What a write path reports as it works, for metrics; every method is optional. */
export interface WriteObserver {
  /** An append that landed: how many events, and how long the store took. */
  appended?(events: number, seconds: number): void;
  /** A concurrency conflict met by a command (retried or not). */
  conflicted?(commandType: string): void;
  /** How a command ended: recorded, unchanged (decided nothing), replayed, refused (a rule), conflict, failed. */
  ended?(commandType: string, outcome: 'recorded' | 'unchanged' | 'replayed' | 'refused' | 'conflict' | 'failed'): void;
}

export interface WritePathOptions {
  /** Retries of a command without If-Match after a concurrency conflict. */
  readonly conflictRetries: number;
  readonly observer?: WriteObserver;
  readonly cache?: StreamStateCache;
  /** Seals personal fields before the events are hashed (ADR 20); every app passes the vault's. */
  readonly personalData?: PersonalDataSealing;
}

/** What an earlier request with the same command id tells this one. */
interface Precedent {
  /** The key is bound to this request (by an earlier request or by this one). */
  readonly claimed: boolean;
  /** An earlier request with this key and this content came first: this one is its repeat. */
  readonly seenBefore: boolean;
  readonly lookup?: RecordedLookup;
  /** The key's stream as last read (keyed commands only). */
  readonly key?: KeyState;
  /** The claim this request made itself, and its revision: released again if the request is refused. */
  readonly own?: { readonly claim: IdempotencyClaim; readonly revision: number };
}

/**
 * The integrity checks of the command path: every loaded event against its stream's chain, and the
 * raised alarm (assertIntact). `on` in every app. `off_for_measurement` builds the same write path
 * without them, for bench/ to measure what they cost; it is a constructor argument and never an
 * option, so no configuration, environment variable or deployment can reach it.
 */
export type IntegrityChecks = 'on' | 'off_for_measurement';

const FRESH: Precedent = { claimed: false, seenBefore: false };

/** Where a write stands, for deciding what a failure means. */
interface Progress {
  precedent: Precedent;
  /** An append was sent and not proven refused: its events may be in the log. */
  mayHaveLanded: boolean;
  /** Seals this command's personal data: its fingerprint and every attempt's events under keys read once. */
  readonly sealing: PersonalDataSealing | undefined;
}

/**
 * The one write path: load the stream once (a cached fold plus what is new), make the command,
 * decide, append at the revision that was read, and answer with what was recorded. A conflict
 * means someone appended in between: without If-Match the command is made and decided again on the
 * fresh state (bounded); with If-Match the client's precondition failed and it must re-read.
 */
export class WritePath {
  readonly cache: StreamStateCache;
  private readonly locks = new StreamLocks();
  private readonly registry: IdempotencyRegistry;
  private readonly chainCheck: ChainCheck;

  constructor(
    readonly store: EventStore,
    private readonly options: WritePathOptions,
    checks: IntegrityChecks = 'on',
  ) {
    this.cache = options.cache ?? new StreamStateCache();
    this.registry = new IdempotencyRegistry(store);
    this.chainCheck = checks;
  }

  /** Writes in the stream's turn: commands on one stream in this process take turns. */
  execute<C, E extends DomainEvent, S>(request: WriteRequest<C, E, S>): Promise<WriteOutcome> {
    return this.exclusively(request.stream, () => this.write(request));
  }

  /** Runs `work` in the stream's turn, for protocols that write more than one stream. */
  exclusively<T>(stream: string, work: () => Promise<T>): Promise<T> {
    return this.locks.run(stream, work);
  }

  /** Writes without taking the stream's turn: call it inside `exclusively`. */
  async write<C, E extends DomainEvent, S>(asked: WriteRequest<C, E, S>): Promise<WriteOutcome> {
    // The key is bound to the request as fingerprinted: personal values only as keyed hashes (ADR 20).
    const sealing = this.options.personalData?.forOneCommand();
    const request = sealing === undefined ? asked : { ...asked, request: await sealing.fingerprint(asked.stream, asked.request) };
    const progress: Progress = { precedent: await this.precedent(request.stream, request.request, request.envelope), mayHaveLanded: false, sealing };
    const commandType = request.request.type;
    try {
      const outcome = await this.attempts(request, progress);
      this.options.observer?.ended?.(commandType, outcome.replayed ? 'replayed' : outcome.events.length === 0 ? 'unchanged' : 'recorded');
      return outcome;
    } catch (error) {
      this.options.observer?.ended?.(commandType, outcomeOf(error));
      // Every app's /health shows the break from now on; raising it twice records it once.
      if (error instanceof ChainBrokenError) await raiseIntegrityAlarm(this.store, error.found, 'system:write-path', new Date(request.envelope.occurredAt)).catch(() => undefined);
      // A request refused before any of it could land leaves its key free for a corrected request.
      const own = progress.precedent.own;
      if (own !== undefined && !progress.mayHaveLanded) {
        // Should the release itself fail, the key stays bound: refusing a later request is the safe side.
        await this.registry.release(own.claim, own.revision, request.envelope, reasonOf(error)).catch(() => undefined);
      }
      throw error;
    }
  }

  private async attempts<C, E extends DomainEvent, S>(request: WriteRequest<C, E, S>, progress: Progress): Promise<WriteOutcome> {
    const { decider, stream, envelope, crossStream } = request;
    for (let attempt = 0; ; attempt++) {
      // The alarm is read while the stream loads; a replay answers what was recorded before either.
      const intact = this.chainCheck === 'on' ? assertIntact(this.store, stream) : undefined;
      intact?.catch(() => undefined); // awaited below: this only keeps a failed load from leaving it unhandled
      const loaded = attempt === 0 && isNew(stream, envelope) ? nothingYet(decider) : await this.load(decider, stream, progress.precedent.lookup);
      if (loaded.recordedByCommand.length > 0) return this.replay(stream, loaded.recordedByCommand, request);
      await intact;
      assertExpectedRevision(stream, envelope, loaded.revision);
      const command = await request.command(loaded.state);
      const decided = decider.decide(command, loaded.state);
      if (decided.length === 0) return unchanged(stream, loaded);
      if (!progress.precedent.claimed) progress.precedent = await this.claim(stream, request.request, envelope, loaded.revision, progress.precedent.key);
      const stored = progress.sealing === undefined ? decided : await progress.sealing.seal(stream, decided.map((event) => ({ type: event.type, data: event.data as Json })));
      const sealed = sealDecided(stream, loaded, stored, envelope, request.schemaVersion, request.request.type);
      const steps = crossStream?.plan(decided, sealed, loaded.revision, request.request.type);
      await steps?.before();
      let outcome: Omit<WriteOutcome, 'replayed'>;
      try {
        progress.mayHaveLanded = true;
        outcome = await this.append(decider, stream, loaded, decided, sealed);
      } catch (error) {
        // Only a conflict proves the events did not land; after any other failure they may have,
        // and undoing the steps could undo what they rely on (recovery settles that case).
        if (error instanceof ConcurrencyError) {
          this.options.observer?.conflicted?.(request.request.type);
          progress.mayHaveLanded = false;
          await steps?.abandon();
        }
        if (this.retries(error, envelope, attempt)) continue;
        // The revision the client named was current when loaded and is no more: its precondition failed.
        if (error instanceof ConcurrencyError && Array.isArray(envelope.ifMatch)) throw new PreconditionFailedError(stream, envelope.ifMatch, error.actual);
        throw error;
      }
      await crossStream?.after(outcome.events);
      return { ...outcome, replayed: progress.precedent.seenBefore };
    }
  }

  /** The stream's state now, looking for events `lookup.commandId` already recorded. */
  load<E, S>(decider: Decider<unknown, E, S>, stream: string, lookup?: RecordedLookup): Promise<LoadedStream<S>> {
    return loadStream(this.store, decider, stream, this.cache, lookup, this.chainCheck);
  }

  /** Appends the sealed events at the loaded revision, and keeps the fold that results. */
  private async append<E extends DomainEvent, S>(
    decider: Decider<unknown, E, S>,
    stream: string,
    loaded: LoadedStream<S>,
    decided: readonly E[],
    sealed: readonly NewEvent[],
  ): Promise<Omit<WriteOutcome, 'replayed'>> {
    const started = performance.now();
    const result = await this.store.append(stream, sealed, loaded.revision < 0 ? 'no_stream' : loaded.revision);
    this.options.observer?.appended?.(sealed.length, (performance.now() - started) / 1000);
    if (result.revision !== loaded.revision + sealed.length) {
      // The store answered with an earlier append of the same ids (a concurrent duplicate).
      this.cache.forget(stream);
      return { ...result, events: await this.store.readStream(stream, { from: result.revision - sealed.length + 1, max: sealed.length }) };
    }
    const state = decided.reduce((s, event) => decider.evolve(s, event), loaded.state);
    this.cache.set(stream, { revision: result.revision, state, lastHash: sealed[sealed.length - 1]?.metadata.hash ?? null, lastPosition: result.position });
    // Answered as a reader of the log sees them: personal fields in clear (as decided), as stored beside.
    const written = (event: NewEvent, index: number): WrittenEvent => {
      const clear = decided[index]?.data as Json;
      return clear === event.data ? { ...event, revision: loaded.revision + 1 + index } : { ...event, data: clear, storedData: event.data, revision: loaded.revision + 1 + index };
    };
    return { ...result, events: sealed.map(written) };
  }

  private async replay<C, E extends DomainEvent, S>(stream: string, recorded: readonly RecordedEvent[], request: WriteRequest<C, E, S>): Promise<WriteOutcome> {
    const outcome = replayOf(stream, recorded, request.request.type);
    // Whatever a crash left undone on other streams is done now.
    await request.crossStream?.after(outcome.events);
    return outcome;
  }

  private async precedent(stream: string, request: RequestToFingerprint, envelope: CommandEnvelope): Promise<Precedent> {
    const { commandId, repeatable } = envelope;
    if (repeatable === 'stream') return { ...FRESH, lookup: { commandId, from: 0 } };
    if (repeatable !== 'key') return FRESH;
    const key = await this.registry.find(commandId);
    const { claim } = key;
    // Unclaimed, a key may still have been used before the registry existed: look at what is read anyway.
    if (claim === null) return { ...FRESH, lookup: { commandId }, key };
    if (claim.requestHash !== requestHash(stream, request)) throw new IdempotencyKeyReusedError(claim);
    return { claimed: true, seenBefore: true, lookup: { commandId, from: claim.streamRevision + 1 }, key };
  }

  /** Binds the key to this request before anything is appended under it. */
  private async claim(stream: string, request: RequestToFingerprint, envelope: CommandEnvelope, streamRevision: number, key: KeyState | undefined): Promise<Precedent> {
    const { commandId, repeatable } = envelope;
    if (repeatable !== 'key') return FRESH;
    const hash = requestHash(stream, request);
    const mine = { commandId, requestHash: hash, stream, commandType: request.type, streamRevision };
    const held = await this.registry.claim(mine, envelope, key ?? { claim: null, revision: -1 });
    if (held.claim.requestHash !== hash) throw new IdempotencyKeyReusedError(held.claim);
    // A concurrent duplicate claimed first: its events, once appended, follow the revision it saw.
    if (held.earlier) return { claimed: true, seenBefore: true, lookup: { commandId, from: held.claim.streamRevision + 1 } };
    return { claimed: true, seenBefore: false, lookup: { commandId }, own: { claim: mine, revision: held.revision } };
  }

  /** A conflict is decided again unless the client or the caller pinned the revision it saw. */
  private retries(error: unknown, envelope: CommandEnvelope, attempt: number): boolean {
    const pinned = envelope.expectedRevision !== undefined || Array.isArray(envelope.ifMatch);
    return error instanceof ConcurrencyError && !pinned && attempt < this.options.conflictRetries;
  }
}
