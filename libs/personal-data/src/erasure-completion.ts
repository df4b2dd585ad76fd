import type { PersonalDataErased } from '@itsm/domain';
import type { RecordedEvent } from '@itsm/event-store/port';
import type { PersonalDataVault } from './personal-data-vault';

/**
 * What a recorded erasure calls for in the vault: its key deleted. The command API does it as soon
 * as the erasure is recorded; the projector reacts to every PersonalDataErased as well, so an
 * erasure whose key could not be deleted then (the vault unreachable, a crash) is finished within
 * seconds. Deleting a key deleted already changes nothing, so a repeat is harmless.
 */
export async function finishRecordedErasure(vault: PersonalDataVault, fact: RecordedEvent): Promise<void> {
  if (fact.type !== 'PersonalDataErased') return;
  await vault.erase((fact.data as unknown as PersonalDataErased['data']).keyId, { erasureId: fact.metadata.eventId, erasedAt: fact.metadata.occurredAt });
}
