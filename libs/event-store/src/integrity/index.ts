export * from './integrity-break';
export * from './chain-link';
export * from './checkpoint';
export * from './checkpoint-signing';
export { loadCheckpoints, type CheckpointSet, type KnownCheckpoint } from './checkpoint-set';
export * from './integrity-alarms';
/** System facts (checkpoints, alarms, record numbers): sealed like any event, with ids that make a retry append nothing. */
export { appendSystemFact, lastEventOf, type SystemFact } from './system-events';
export * from './log-fingerprint';
export { LogSealer, type LogSealerOptions, type SealOutcome } from './log-sealer';
export { verifyLog, type VerifyOptions, type VerifyReport } from './log-verification';
export { verifyStream } from './stream-verification';
