import { PERSONAL_DATA, refusePersonalData, type PersonalDataMap } from '@itsm/domain';
import type { DomainEvent, Json, PersonalDataSealing } from '@itsm/event-store/port';
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
    private readonly map: PersonalDataMap = PERSONAL_DATA,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async seal(stream: string, events: readonly DomainEvent[]): Promise<DomainEvent[]> {
    const sealed: DomainEvent[] = [];
    for (const event of events) sealed.push(await this.sealOne(stream, event));
    return sealed;
  }

  private async sealOne(stream: string, event: DomainEvent): Promise<DomainEvent> {
    const personal = this.map[event.type];
    if (personal === undefined) return event;
    const present = personal.fields.filter((path) => { const value = valueAt(event.data, path); return value !== undefined && value !== null; });
    if (present.length === 0) return event;
    const key = await this.keyOf(stream, personal.subject === null ? undefined : valueAt(event.data, personal.subject));
    if (key === null) return event;
    let data = event.data;
    for (const path of present) data = withValueAt(data, path, sealValue(key.keyId, key.key, valueAt(data, path)) as Json);
    return { type: event.type, data };
  }

  /** The subject's key when the event names one; else the key of the stream's person, if any. */
  private async keyOf(stream: string, subject: Json | undefined): Promise<SubjectKey | null> {
    if (typeof subject === 'string' && subject.trim() !== '') {
      const key = await this.vault.keyFor(subject, this.clock().toISOString());
      await this.vault.linkStream(stream, key.keyId);
      return key;
    }
    const linked = await this.vault.streamKey(stream);
    if (linked === null) return null;
    if (linked.key === 'erased') throw refusePersonalData('personal_data.erased', undefined, { stream });
    return { keyId: linked.keyId, key: linked.key };
  }
}
