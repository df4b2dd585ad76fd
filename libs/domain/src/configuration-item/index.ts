// The configuration item (CMDB) slice's public surface. The argument-checking helpers in
// ci-errors.ts and the per-command decisions stay inside: the deciders are the entry points.
export * from './ci-classes';
export * from './ci-relationship-types';
export * from './ci-events';
export * from './ci-commands';
export { CI_ERROR_CODES, type CiErrorCode } from './ci-errors';
export * from './ci-state';
export { decideConfigurationItem, configurationItemDecider } from './ci-decider';
export * from './ci-name-registry';
export * from './ci-name-protocol';
export * from './ci-name-recovery';
export * from './ci-impact';
export * from './ci-references';
export * from './ci-as-of';
