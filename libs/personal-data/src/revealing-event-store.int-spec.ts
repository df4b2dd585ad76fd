import { DomainError, ERASED } from '@itsm/domain';
import { lastHashOf, MemoryEventStore, sealEvents, verifyChain, type DomainEvent, type EventStore, type Json } from '@itsm/event-store';
import { PersonalDataSealer } from './personal-data-sealer';
import { PersonalDataKeyMissingError } from './personal-data-vault';
import { RevealingEventStore } from './revealing-event-store';
import { SqliteVault } from './sqlite-vault';
import { A_MASTER_KEY } from './testing/vault-contract';

const OPENED = { type: 'IncidentOpened', data: { incidentId: 'i-1', title: 'Mail down', description: 'No mail', caller: 'Ada Lovelace', category: 'email', contactType: 'phone', location: 'Room 5', subcategory: null } };
const EDITED = { type: 'IncidentEdited', data: { incidentId: 'i-1', changes: { location: { from: 'Room 5', to: 'Room 7' }, title: { from: 'Mail down', to: 'Mail is down' } } } };
const NOTE = { type: 'IncidentWorkNoteAdded', data: { incidentId: 'i-1', text: 'Restarted' } };
let commands = 0;

/** Seals (personal fields, then the chain) and appends, as the write path does. */
async function write(store: EventStore, sealer: PersonalDataSealer, stream: string, events: readonly DomainEvent[]): Promise<void> {
  const existing = await store.readStream(stream);
  const commandId = `c-${++commands}`;
  const sealed = sealEvents({
    stream,
    events: await sealer.seal(stream, events),
    previousHash: lastHashOf(existing),
    schemaVersion: 1,
    context: { actor: 'rita', occurredAt: '2026-11-30T09:00:00.000Z', commandId, commandType: 'Test', correlationId: commandId, causationId: commandId },
  });
  await store.append(stream, sealed, existing.length === 0 ? 'no_stream' : existing.length - 1);
}

describe('Personal data sealed in the log, revealed to its readers, erased by deleting a key', () => {
  let stored: MemoryEventStore;
  let vault: SqliteVault;
  let sealer: PersonalDataSealer;
  let revealing: RevealingEventStore;
  beforeEach(() => {
    stored = new MemoryEventStore();
    vault = new SqliteVault({ filename: ':memory:', masterKey: A_MASTER_KEY });
    sealer = new PersonalDataSealer(vault);
    revealing = new RevealingEventStore(stored, vault, { keyCacheMs: 0 });
  });
  afterEach(() => vault.close());

  const storedText = async () => JSON.stringify(await stored.readAll());

  it('stores the caller, contact type and location only sealed, and every other field as it was', async () => {
    await write(revealing, sealer, 'incident-i-1', [OPENED, EDITED, NOTE]);
    const text = await storedText();
    for (const personal of ['Ada Lovelace', 'phone', 'Room 5', 'Room 7']) expect(text).not.toContain(personal);
    for (const kept of ['Mail down', 'Mail is down', 'No mail', 'email', 'Restarted']) expect(text).toContain(kept);
    const [opened] = await stored.readStream('incident-i-1');
    expect((opened?.data as { caller: string }).caller).toMatch(/^pd1:[0-9a-f-]{36}:/);
    expect((opened?.data as { subcategory: null }).subcategory).toBeNull(); // nothing to seal
  });

  it('reveals them to readers in every read, keeping what was stored and hashed, so the chain verifies', async () => {
    await write(revealing, sealer, 'incident-i-1', [OPENED, EDITED, NOTE]);
    const read = await revealing.readStream('incident-i-1');
    expect(read.map((event) => event.data)).toEqual([OPENED.data, EDITED.data, NOTE.data]);
    expect(read[0]?.storedData).toEqual((await stored.readStream('incident-i-1'))[0]?.data);
    expect(read[2]?.storedData).toBeUndefined(); // nothing personal: as stored
    expect(verifyChain(read)).toBeNull();
    expect((await revealing.readAll()).map((event) => event.data)).toEqual([OPENED.data, EDITED.data, NOTE.data]);
    const subscribed: Json[] = [];
    for await (const message of revealing.subscribe({ signal: AbortSignal.timeout(200) })) {
      if (message.kind === 'event') subscribed.push(message.event.data);
      if (message.kind === 'checkpoint' && message.caughtUp) break;
    }
    expect(subscribed).toEqual([OPENED.data, EDITED.data, NOTE.data]);
  });

  it('reads "[erased]" where the data was once the key is erased, and the chain still verifies', async () => {
    await write(revealing, sealer, 'incident-i-1', [OPENED, EDITED, NOTE]);
    const before = await stored.readAll();
    await vault.erase((await vault.keyIdOf('Ada Lovelace')) as string, { erasureId: 'e-1', erasedAt: '2026-11-30T10:00:00.000Z' });
    const read = await revealing.readStream('incident-i-1');
    expect(read[0]?.data).toEqual({ ...OPENED.data, caller: ERASED, contactType: ERASED, location: ERASED });
    expect(read[1]?.data).toEqual({ incidentId: 'i-1', changes: { location: { from: ERASED, to: ERASED }, title: EDITED.data.changes.title } });
    expect(verifyChain(read)).toBeNull();
    expect(await stored.readAll()).toEqual(before); // the log itself is untouched
  });

  it('refuses to record new personal data on a stream whose person was erased, and records the rest', async () => {
    await write(revealing, sealer, 'incident-i-1', [OPENED]);
    await vault.erase((await vault.keyIdOf('Ada Lovelace')) as string, { erasureId: 'e-1', erasedAt: '2026-11-30T10:00:00.000Z' });
    const refused = sealer.seal('incident-i-1', [EDITED]);
    await expect(refused).rejects.toBeInstanceOf(DomainError);
    await expect(refused).rejects.toMatchObject({ code: 'personal_data.erased', kind: 'conflict' });
    const titleOnly = { type: 'IncidentEdited', data: { incidentId: 'i-1', changes: { title: { from: 'a', to: 'b' } } } };
    await expect(sealer.seal('incident-i-1', [titleOnly])).resolves.toEqual([titleOnly]);
  });

  it('seals each version of an imported incident under its caller, and leaves a version with no caller and no person as it is', async () => {
    const version = (caller: string) => ({ type: 'IncidentVersionImported', data: { incidentId: 'i-9', row: { caller_id: caller === '' ? '?' : caller, contact_type: 'Phone', location: 'Location 143', number: 'INC0000045' }, reading: { caller, details: { contactType: 'Phone', location: 'Location 143', title: '' } } } });
    const [anonymous] = await sealer.seal('incident-i-9', [version('')]);
    expect(anonymous).toEqual(version(''));
    await write(revealing, sealer, 'incident-i-9', [version('Caller 2403')]);
    const text = await storedText();
    for (const personal of ['Caller 2403', 'Location 143', 'Phone']) expect(text).not.toContain(personal);
    expect(text).toContain('INC0000045');
    expect((await revealing.readStream('incident-i-9'))[0]?.data).toEqual(version('Caller 2403').data);
  });

  it('fails loudly on a key the vault neither holds nor records as erased: another vault than the log was written with', async () => {
    await write(revealing, sealer, 'incident-i-1', [OPENED]);
    const otherVault = new SqliteVault({ filename: ':memory:', masterKey: A_MASTER_KEY });
    const elsewhere = new RevealingEventStore(stored, otherVault, { keyCacheMs: 0 });
    await expect(elsewhere.readStream('incident-i-1')).rejects.toBeInstanceOf(PersonalDataKeyMissingError);
    await otherVault.close();
  });

  it('uses a key it read for keyCacheMs, then reads it again: an erasure elsewhere shows within that time', async () => {
    let now = 0;
    const cached = new RevealingEventStore(stored, vault, { keyCacheMs: 5000, now: () => now });
    await write(cached, sealer, 'incident-i-1', [OPENED]);
    expect(((await cached.readStream('incident-i-1'))[0]?.data as { caller: string }).caller).toBe('Ada Lovelace');
    await vault.erase((await vault.keyIdOf('Ada Lovelace')) as string, { erasureId: 'e-1', erasedAt: '2026-11-30T10:00:00.000Z' });
    now = 4999;
    expect(((await cached.readStream('incident-i-1'))[0]?.data as { caller: string }).caller).toBe('Ada Lovelace');
    now = 5000;
    expect(((await cached.readStream('incident-i-1'))[0]?.data as { caller: string }).caller).toBe(ERASED);
  });
});
