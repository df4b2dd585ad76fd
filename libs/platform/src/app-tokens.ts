/**
 * Injection tokens every app shares, in a file of their own: the module that provides them and the
 * guard that consumes one must not import each other.
 */
export const APP_CONFIG = Symbol('APP_CONFIG');
export const CLOCK = Symbol('CLOCK');
export type Clock = () => Date;
