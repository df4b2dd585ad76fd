import { generateKeyPairSync } from 'node:crypto';
import { lastHashOf, sealEvents, type DomainEvent } from '../envelope';
import type { EventStore, Json } from '../event-store';
import { checkpointSigner, trustedKeys, type CheckpointSigner, type TrustedKeys } from '../integrity/checkpoint-signing';

/** A fresh Ed25519 signer and the keys that trust it. */
export function aSigningKey(): { signer: CheckpointSigner; trusted: TrustedKeys } {
  const { privateKey } = generateKeyPairSync('ed25519');
  const signer = checkpointSigner(privateKey);
  return { signer, trusted: trustedKeys([signer.publicKey]) };
}

let commands = 0;

/** Appends facts the way the write path does: sealed into the stream's chain, one command per call. */
export async function appendSealed(store: EventStore, stream: string, events: readonly DomainEvent[], actor = 'user:ann', occurredAt = '2026-11-01T09:00:00.000Z'): Promise<void> {
  const existing = await store.readStream(stream);
  const commandId = `command-${++commands}`;
  const sealed = sealEvents({
    stream,
    events,
    previousHash: lastHashOf(existing),
    schemaVersion: 1,
    context: { actor, occurredAt, commandId, commandType: 'Test', correlationId: commandId, causationId: commandId },
  });
  await store.append(stream, sealed, existing.length === 0 ? 'no_stream' : existing.length - 1);
}

/** `count` facts spread over `streams` streams, interleaved in the log the way concurrent work is. */
export async function aBusyLog(store: EventStore, streams: number, count: number): Promise<void> {
  for (let index = 0; index < count; index++) {
    await appendSealed(store, `ticket-${index % streams}`, [{ type: 'TicketNoted', data: { index, text: `note ${index}` } as Json }]);
  }
}
