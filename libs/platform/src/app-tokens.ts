/**
 * Injection tokens every app shares, in a file of their own: the module that provides them and the
 * guard that consumes one must not import each other.
 */
export const APP_CONFIG = Symbol('APP_CONFIG');
export const CLOCK = Symbol('CLOCK');
export type Clock = () => Date;
/**
 * The checkpoint keys, resolved on first use: only the projector signs and only the query API
 * verifies, so the command API never reads (or, on the embedded default, generates) a key.
 */
export const AUDIT_KEYS = Symbol('AUDIT_KEYS');
