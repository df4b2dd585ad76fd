import { randomBytes } from 'node:crypto';
import { PERSONAL_DATA_ERASURE_SCHEMA_VERSION, PERSONAL_DATA_ERASURE_STREAM_PREFIX, personalDataErasureDecider, personalDataErasureStream } from '@itsm/domain';
import { MemoryEventStore } from '@itsm/event-store';
import { finishRecordedErasure, SqliteVault } from '@itsm/personal-data';
import { MemoryReadStore } from '@itsm/read-store';
import { WritePath } from '@itsm/write-path';
import { LogReaction } from './log-reaction';

const quiet = { log: () => undefined, error: () => undefined };
const NOW = '2026-11-30T10:00:00.000Z';

describe('A recorded erasure whose key was left in the vault (a reaction in the projector)', () => {
  it('is finished: the key deleted, as the fact says, once however often the reaction runs', async () => {
    const store = new MemoryEventStore();
    const vault = new SqliteVault({ filename: ':memory:', masterKey: randomBytes(32) });
    const { keyId } = await vault.keyFor('Frank Crash', NOW);
    // The command API recorded the erasure and failed before deleting the key.
    const command = { type: 'ErasePersonalData' as const, data: { keyId, reason: 'DSR-9', streams: [] }, context: { actor: 'adam', now: NOW } };
    const recorded = await new WritePath(store, { conflictRetries: 0 }).execute({
      decider: personalDataErasureDecider, stream: personalDataErasureStream(keyId), schemaVersion: PERSONAL_DATA_ERASURE_SCHEMA_VERSION,
      envelope: { commandId: 'erase-1', correlationId: 'c', actor: 'adam', occurredAt: NOW }, request: command, command: () => command,
    });
    expect((await vault.keys([keyId])).get(keyId)).toBeInstanceOf(Buffer);

    const reads = new MemoryReadStore();
    const reaction = () => new LogReaction(store, reads, (fact) => finishRecordedErasure(vault, fact), { key: 'personal_data_erasure_reaction', what: 'test', streamPrefixes: [PERSONAL_DATA_ERASURE_STREAM_PREFIX], intervalMs: 1000, logger: quiet });
    expect(await reaction().reactOnce()).toBe(1);
    expect((await vault.keys([keyId])).get(keyId)).toBe('erased');
    expect(await vault.keyIdOf('Frank Crash')).toBeNull();
    expect(await reaction().reactOnce()).toBe(0);
    await new LogReaction(store, new MemoryReadStore(), (fact) => finishRecordedErasure(vault, fact), { key: 'x', what: 'test', streamPrefixes: [PERSONAL_DATA_ERASURE_STREAM_PREFIX], intervalMs: 1000, logger: quiet }).reactOnce();
    expect((await vault.keys([keyId])).get(keyId)).toBe('erased');
    expect(recorded.events[0]?.type).toBe('PersonalDataErased');
    await vault.close();
  });
});
