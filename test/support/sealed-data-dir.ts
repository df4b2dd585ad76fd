import { loadConfig, resolveAuditKeys, type AppConfig } from '@itsm/config';
import { checkpointSigner, LOG_CHECKPOINTS_STREAM, LogSealer, type LogCheckpoint } from '@itsm/event-store';
import { logCheckpointsProjection, projectEvents, projectionKey } from '@itsm/projections';
import { openEventStore, openReadStore } from '@itsm/platform';
import { aBusyLog } from '../../libs/event-store/src/testing/sealed-log';
import { SqliteTampering } from '../../libs/event-store/src/testing/sqlite-tampering';
import { tempDataDir } from './in-process-app';

export interface SealedDataDir {
  readonly dataDir: string;
  readonly config: AppConfig;
  /** The key id of the key the embedded default generated into DATA_DIR, which signed every checkpoint. */
  readonly keyId: string;
  /** The checkpoints as signed, in order: what an auditor downloaded before anyone tampered. */
  readonly checkpoints: readonly LogCheckpoint[];
  readonly tamper: SqliteTampering;
}

/** Log position of SQLite sequence `sequence`. */
export const at = (sequence: number): string => sequence.toString().padStart(20, '0');

/**
 * A DATA_DIR as the platform leaves it after some work: 60 facts over 6 streams (sequences 1–60,
 * ticket-k at k+1, k+7, …), sealed every 20 events by the key the embedded default generates
 * (checkpoints 1–3 at sequences 61–63), and the read model's copies of the checkpoints.
 */
export async function aSealedDataDir(dataDir = tempDataDir()): Promise<SealedDataDir> {
  const config = loadConfig({ DATA_DIR: dataDir });
  const keys = resolveAuditKeys(config.audit);
  const signer = checkpointSigner(keys.signingKey!);
  const events = await openEventStore(config);
  let checkpointEvents;
  try {
    await aBusyLog(events, 6, 60);
    const sealer = new LogSealer(events, { signer, trusted: new Map([[signer.keyId, signer.publicKey]]), everyEvents: 20, everyMs: 0, clock: () => new Date('2026-11-01T10:00:00Z') });
    await sealer.sealDue(true);
    checkpointEvents = await events.readStream(LOG_CHECKPOINTS_STREAM);
  } finally {
    await events.close();
  }
  await keepCopies(config, checkpointEvents);
  if (config.eventStore.kind !== 'sqlite') throw new Error('A sealed data dir is the embedded SQLite default');
  return {
    dataDir,
    config,
    keyId: signer.keyId,
    checkpoints: checkpointEvents.map((event) => event.data as unknown as LogCheckpoint),
    tamper: new SqliteTampering(config.eventStore.filename),
  };
}

/** The read model's copies of the checkpoints, as the projector writes them. */
async function keepCopies(config: AppConfig, checkpointEvents: Parameters<typeof projectEvents>[1]): Promise<void> {
  const reads = await openReadStore(config, 'read-write');
  try {
    const documents = projectEvents(logCheckpointsProjection, checkpointEvents, new Map());
    const collection = logCheckpointsProjection.collection.name;
    await reads.ensureCollection(logCheckpointsProjection.collection);
    await reads.applyBatch(projectionKey(logCheckpointsProjection), documents.map((document) => ({ collection, document })), checkpointEvents.at(-1)?.position ?? '');
  } finally {
    await reads.close();
  }
}
