export * from './command-envelope';
export { StreamStateCache, type FoldedStream } from './stream-state-cache';
export { StreamLocks } from './stream-locks';
export { loadStream, type ChainCheck, type LoadedStream, type RecordedLookup, type Folding } from './load-stream';
export {
  IDEMPOTENCY_CLAIM_RELEASED,
  IDEMPOTENCY_KEY_CLAIMED,
  IDEMPOTENCY_STREAM_PREFIX,
  IdempotencyKeyReusedError,
  IdempotencyRegistry,
  idempotencyStream,
  requestHash,
  type IdempotencyClaim,
  type KeyState,
  type RequestToFingerprint,
} from './idempotency-registry';
export { WritePath, type CrossStreamSteps, type IntegrityChecks, type WriteObserver, type WritePathOptions, type WriteRequest } from './write-path';
export { CiCommandProtocol } from './ci-names/ci-command-protocol';
export { CiNameRecoveryRunner, RECOVERY_ACTOR, type CiNameRecoveryOutcome } from './ci-names/ci-name-recovery-runner';
export { readCiStatuses } from './ci-statuses';
export { PreconditionFailedError } from './precondition-failed';
export { numberRecorded, RecordNumberAllocator, recordHolding, takeRecordNumber, type NumberTaker } from './record-numbers';
export { SLA_WATCHER_ACTOR, SlaDeadlineRecorder, type SlaDeadlineOutcome } from './sla-deadlines';
export { PROBLEM_RESOLUTION_ACTOR, ProblemResolutionReaction } from './problem-resolution';
export { PROBLEM_WORKAROUND_ACTOR, ProblemWorkaroundReaction } from './problem-workaround';
export { PARENT_RESOLUTION_ACTOR, ParentResolutionReaction } from './parent-resolution';
export { childAttachmentSteps, detachOnChild } from './child-attachment';
