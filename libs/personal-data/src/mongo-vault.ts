import { randomUUID } from 'node:crypto';
import { MongoClient, MongoNetworkError, MongoNotConnectedError, MongoServerError, MongoServerSelectionError, MongoTopologyClosedError, type Collection, type Db } from 'mongodb';
import { normalisedSubject, PersonalDataVaultUnavailableError, type Erasure, type KeyLookup, type PersonalDataVault, type SubjectKey } from './personal-data-vault';
import { newDataKey, unwrapKey, wrapKey } from './sealed-value';

export interface MongoVaultOptions {
  readonly url: string;
  /** Its own database, never the read models': dropping read models for a rebuild must not touch it. */
  readonly database: string;
  readonly masterKey: Buffer;
  readonly serverSelectionTimeoutMs?: number;
}

const DUPLICATE_KEY = 11000;

interface KeyDocument { _id: string; wrappedKey?: string; createdAt: string; erasedAt?: string; erasureId?: string }
interface SubjectDocument { _id: string; keyId: string }
interface StreamSubjectDocument { _id: string; keyId: string }
interface SubjectStreamDocument { _id: string; keyId: string; stream: string }

/** The vault on MongoDB, written with majority concern: a key is durable before a fact names it. */
export class MongoVault implements PersonalDataVault {
  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
    private readonly masterKey: Buffer,
  ) {}

  static async connect(options: MongoVaultOptions): Promise<MongoVault> {
    const client = new MongoClient(options.url, { writeConcern: { w: 'majority' }, serverSelectionTimeoutMS: options.serverSelectionTimeoutMs ?? 5000, ignoreUndefined: true });
    try {
      await client.connect();
      const vault = new MongoVault(client, client.db(options.database), options.masterKey);
      await vault.subjectStreams.createIndexes([{ key: { keyId: 1, stream: 1 } }]);
      return vault;
    } catch (error) {
      await client.close();
      throw error;
    }
  }

  private get subjectKeys(): Collection<KeyDocument> {
    return this.db.collection<KeyDocument>('subject_keys');
  }
  private get subjects(): Collection<SubjectDocument> {
    return this.db.collection<SubjectDocument>('subjects');
  }
  private get streamSubjects(): Collection<StreamSubjectDocument> {
    return this.db.collection<StreamSubjectDocument>('stream_subjects');
  }
  private get subjectStreams(): Collection<SubjectStreamDocument> {
    return this.db.collection<SubjectStreamDocument>('subject_streams');
  }

  async keyFor(name: string, now: string): Promise<SubjectKey> {
    return this.reachable(async () => {
      const subject = normalisedSubject(name);
      const known = await this.knownKey(subject);
      if (known !== null) return known;
      const keyId = randomUUID();
      const key = newDataKey();
      await this.subjectKeys.insertOne({ _id: keyId, wrappedKey: wrapKey(this.masterKey, keyId, key), createdAt: now });
      try {
        await this.subjects.insertOne({ _id: subject, keyId });
        return { keyId, key };
      } catch (error) {
        if (!(error instanceof MongoServerError && error.code === DUPLICATE_KEY)) throw error;
        // Someone made the person's key at the same moment: theirs is the one; ours was never named.
        await this.subjectKeys.deleteOne({ _id: keyId });
        const winner = await this.knownKey(subject);
        if (winner === null) throw new Error('The personal data key made at the same time was erased at once');
        return winner;
      }
    });
  }

  private async knownKey(subject: string): Promise<SubjectKey | null> {
    const named = await this.subjects.findOne({ _id: subject });
    if (named === null) return null;
    const key = (await this.keys([named.keyId])).get(named.keyId);
    if (key !== undefined && key !== 'erased') return { keyId: named.keyId, key };
    // An erasure that stopped between its two steps: the name goes now, and the person starts afresh.
    await this.subjects.deleteOne({ _id: subject, keyId: named.keyId });
    return null;
  }

  async keyIdOf(name: string): Promise<string | null> {
    return this.reachable(async () => {
      const subject = normalisedSubject(name);
      return (await this.subjects.findOne({ _id: subject }))?.keyId ?? null;
    });
  }

  async keys(keyIds: readonly string[]): Promise<Map<string, KeyLookup>> {
    return this.reachable(async () => {
      const found = new Map<string, KeyLookup>();
      if (keyIds.length === 0) return found;
      for (const document of await this.subjectKeys.find({ _id: { $in: [...new Set(keyIds)] } }).toArray()) {
        found.set(document._id, document.wrappedKey === undefined ? 'erased' : unwrapKey(this.masterKey, document.wrappedKey));
      }
      return found;
    });
  }

  async linkStream(stream: string, keyId: string): Promise<void> {
    return this.reachable(async () => {
      await this.streamSubjects.updateOne({ _id: stream }, { $set: { keyId } }, { upsert: true });
      await this.subjectStreams.updateOne({ _id: `${keyId}|${stream}` }, { $set: { keyId, stream } }, { upsert: true });
    });
  }

  async streamKey(stream: string): Promise<{ keyId: string; key: KeyLookup } | null> {
    return this.reachable(async () => {
      const linked = await this.streamSubjects.findOne({ _id: stream });
      if (linked === null) return null;
      const key = (await this.keys([linked.keyId])).get(linked.keyId);
      return key === undefined ? null : { keyId: linked.keyId, key };
    });
  }

  async streamsOf(keyId: string): Promise<string[]> {
    return this.reachable(async () => {
      const linked = await this.subjectStreams.find({ keyId }).toArray();
      return linked.map((document) => document.stream).sort();
    });
  }

  /** The key first, then the name: an erasure stopped in between is finished by asking again for the same name. */
  async erase(keyId: string, erasure: Erasure): Promise<void> {
    return this.reachable(async () => {
      await this.subjectKeys.updateOne({ _id: keyId, erasedAt: { $exists: false } }, { $set: { erasedAt: erasure.erasedAt, erasureId: erasure.erasureId } });
      await this.subjectKeys.updateOne({ _id: keyId }, { $unset: { wrappedKey: '' } });
      await this.subjects.deleteMany({ keyId });
    });
  }

  async ping(): Promise<void> {
    await this.db.command({ ping: 1 });
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  /** The driver's connection failures become the vault's, so a command is answered 503 (retry it), not 500. */
  private async reachable<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if (UNREACHABLE.some((type) => error instanceof type)) throw new PersonalDataVaultUnavailableError((error as Error).message);
      throw error;
    }
  }
}

const UNREACHABLE = [MongoNetworkError, MongoServerSelectionError, MongoNotConnectedError, MongoTopologyClosedError];
