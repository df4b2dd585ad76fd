import { ERASED, PERSONAL_DATA, type PersonalDataMap } from '@itsm/domain';
import type { AppendResult, EventStore, ExpectedRevision, Json, NewEvent, Position, ReadAllOptions, ReadStreamOptions, RecordedEvent, SubscribeOptions, SubscriptionMessage } from '@itsm/event-store/port';
import { valueAt, withValueAt } from './json-paths';
import { PersonalDataKeyMissingError, type KeyLookup, type PersonalDataVault } from './personal-data-vault';
import { openValue, parseSealed, type SealedValue } from './sealed-value';

export interface RevealingOptions {
  /**
   * How long a key read from the vault is used before it is read again: an erasure made by another
   * process shows here within this time (in the process that erases, at once).
   */
  readonly keyCacheMs: number;
  readonly now?: () => number;
}

/**
 * The log as every reader but the integrity checks should see it: personal fields in clear, or
 * ERASED once their person's key is gone. Each revealed event keeps what was stored and hashed in
 * `storedData`, which the chain checks hash, so verification holds whatever was erased (ADR 20).
 * Appends pass through: what is appended was sealed before it was hashed.
 */
export class RevealingEventStore implements EventStore {
  private readonly cache = new Map<string, { readonly key: KeyLookup; readonly until: number }>();
  private readonly now: () => number;

  constructor(
    readonly inner: EventStore,
    readonly vault: PersonalDataVault,
    private readonly options: RevealingOptions,
    private readonly map: PersonalDataMap = PERSONAL_DATA,
  ) {
    this.now = options.now ?? Date.now;
  }

  append(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    return this.inner.append(stream, events, expected);
  }

  async readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.reveal(await this.inner.readStream(stream, options));
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.reveal(await this.inner.readAll(options));
  }

  async *subscribe(options?: SubscribeOptions): AsyncIterable<SubscriptionMessage> {
    for await (const message of this.inner.subscribe(options)) {
      yield message.kind === 'event' ? { kind: 'event', event: (await this.reveal([message.event]))[0] as RecordedEvent } : message;
    }
  }

  headPosition(): Promise<Position | null> {
    return this.inner.headPosition();
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /** Forgets a key at once (this process erased it). */
  forget(keyId: string): void {
    this.cache.delete(keyId);
  }

  private async reveal(events: RecordedEvent[]): Promise<RecordedEvent[]> {
    const sealedIn = events.map((event) => this.sealedFields(event));
    const keyIds = sealedIn.flatMap((fields) => fields.map(([, sealed]) => sealed.keyId));
    if (keyIds.length === 0) return events;
    const keys = await this.keysFor(keyIds);
    return events.map((event, index) => {
      const fields = sealedIn[index] as [string, SealedValue][];
      if (fields.length === 0) return event;
      let data = event.data;
      for (const [path, sealed] of fields) {
        const key = keys.get(sealed.keyId);
        if (key === undefined) throw new PersonalDataKeyMissingError(sealed.keyId);
        data = withValueAt(data, path, key === 'erased' ? ERASED : (openValue(sealed, key) as Json));
      }
      // The chain hashes the bytes as stored: an event also upcast keeps the stored data its store gave it.
      return { ...event, data, storedData: event.storedData ?? event.data };
    });
  }

  private sealedFields(event: RecordedEvent): [string, SealedValue][] {
    const personal = this.map[event.type];
    if (personal === undefined) return [];
    const found: [string, SealedValue][] = [];
    for (const path of personal.fields) {
      const sealed = parseSealed(valueAt(event.data, path));
      if (sealed !== null) found.push([path, sealed]);
    }
    return found;
  }

  private async keysFor(keyIds: readonly string[]): Promise<Map<string, KeyLookup>> {
    const now = this.now();
    const keys = new Map<string, KeyLookup>();
    const missing: string[] = [];
    for (const keyId of new Set(keyIds)) {
      const cached = this.cache.get(keyId);
      if (cached !== undefined && cached.until > now) keys.set(keyId, cached.key);
      else missing.push(keyId);
    }
    if (missing.length === 0) return keys;
    const read = await this.vault.keys(missing);
    if (this.cache.size > 100_000) this.cache.clear();
    for (const [keyId, key] of read) {
      keys.set(keyId, key);
      // An erasure is final: no need to ask again.
      this.cache.set(keyId, { key, until: key === 'erased' ? Number.POSITIVE_INFINITY : now + this.options.keyCacheMs });
    }
    return keys;
  }
}
