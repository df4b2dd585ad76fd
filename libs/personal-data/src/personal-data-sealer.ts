import { createHmac } from 'node:crypto';
import { PERSONAL_DATA, PERSONAL_REQUEST_DATA, refusePersonalData, type PersonalDataMap } from '@itsm/domain';
import type { DomainEvent, Json, PersonalDataSealing, RequestData } from '@itsm/event-store/port';
import { valueAt, withValueAt } from './json-paths';
import type { PersonalDataVault, SubjectKey } from './personal-data-vault';
import { sealValue } from './sealed-value';

/**
 * Seals, before an event is hashed, every personal field the map names, with the key of the person
 * it belongs to (made on first use), and links the stream to that person. A field that is null or
 * absent is left as it is; an event of a stream with no person (no subject, none linked) too.
 */
export class PersonalDataSealer implements PersonalDataSealing {
  constructor(
    private readonly vault: PersonalDataVault,
    private readonly maps: { readonly events: PersonalDataMap; readonly requests: PersonalDataMap } = { events: PERSONAL_DATA, requests: PERSONAL_REQUEST_DATA },
    private readonly clock: () => Date = () => new Date(),
    /** The keys this sealer's command has read, by the name as given; none for a sealer that serves many commands. */
    private readonly commandKeys?: Map<string, SubjectKey>,
  ) {}

  forOneCommand(): PersonalDataSealer {
    return new PersonalDataSealer(this.vault, this.maps, this.clock, new Map());
  }

  async seal(stream: string, events: readonly DomainEvent[]): Promise<DomainEvent[]> {
    const sealed: DomainEvent[] = [];
    for (const event of events) {
      const data = await this.replaced(stream, this.maps.events, event.type, event.data, 'link', (key, value) => sealValue(key.keyId, key.key, value));
      sealed.push(data === event.data ? event : { type: event.type, data });
    }
    return sealed;
  }

  /** `pdh:` and an HMAC under a key derived from the person's: stable while the key lives, meaningless after. */
  async fingerprint(stream: string, request: RequestData): Promise<RequestData> {
    const data = (request.data ?? null) as Json;
    const replaced = await this.replaced(stream, this.maps.requests, request.type, data, 'no_link', (key, value) => `pdh:${createHmac('sha256', fingerprintKey(key.key)).update(JSON.stringify(value)).digest('base64url')}`);
    return replaced === data ? request : { type: request.type, data: replaced };
  }

  /** `data` with every personal value of `type` replaced, under the key of the person it belongs to. */
  private async replaced(stream: string, map: PersonalDataMap, type: string, data: Json, link: 'link' | 'no_link', replace: (key: SubjectKey, value: Json) => string): Promise<Json> {
    const personal = map[type];
    if (personal === undefined) return data;
    const present = personal.fields.filter((path) => { const value = valueAt(data, path); return value !== undefined && value !== null; });
    if (present.length === 0) return data;
    const key = await this.keyOf(stream, personal.subject === null ? undefined : valueAt(data, personal.subject), link);
    if (key === null) return data;
    let replaced = data;
    for (const path of present) replaced = withValueAt(replaced, path, replace(key, valueAt(data, path) as Json));
    return replaced;
  }

  /** The subject's key when the data names one; else the key of the stream's person, if any. */
  private async keyOf(stream: string, subject: Json | undefined, link: 'link' | 'no_link'): Promise<SubjectKey | null> {
    if (typeof subject === 'string' && subject.trim() !== '') {
      const key = await this.keyFor(subject);
      if (link === 'link') await this.vault.linkStream(stream, key.keyId);
      return key;
    }
    const linked = await this.vault.streamKey(stream);
    if (linked === null) return null;
    if (linked.key === 'erased') throw refusePersonalData('personal_data.erased', undefined, { stream });
    return { keyId: linked.keyId, key: linked.key };
  }

  private async keyFor(subject: string): Promise<SubjectKey> {
    const read = this.commandKeys?.get(subject);
    if (read !== undefined) return read;
    const key = await this.vault.keyFor(subject, this.clock().toISOString());
    this.commandKeys?.set(subject, key);
    return key;
  }
}

/** Never the encryption key itself: a key derived from it for fingerprints alone. */
const fingerprintKey = (key: Buffer): Buffer => createHmac('sha256', key).update('pd1 request fingerprint').digest();
