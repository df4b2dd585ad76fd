// Change management's public surface: the change and blackout-window deciders, their events,
// commands, error tables and the pure policies (risk, approval rules, conflicts, content hash).
export * from './time-window';
export * from './content-hash';
export * from './risk';
export * from './approval-policy';
export * from './conflicts';
export * from './change-vocabulary';
export * from './change-events';
export * from './change-commands';
export { CHANGE_ERROR_CODES, type ChangeErrorCode } from './change-errors';
export * from './change-state';
export { evolveChange } from './change-evolve';
export { changeDecider, decideChange } from './change-decider';

export * from './blackout-window-events';
export { BLACKOUT_WINDOW_ERROR_CODES, type BlackoutWindowErrorCode } from './blackout-window-errors';
export * from './blackout-window-decider';
